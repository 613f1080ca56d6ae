/**
 * How a group's proportions read in the audit screen, the HTML report and `episcope audit`'s text: a share as
 * "75 % (12/16)" and its Wilson 95 % interval as "51–90 %"; without decided episodes, "no decided episodes" and "–",
 * never "0 %" (issue #14, "Bad input").
 */

/** Shown for a proportion of a group with no decided episodes. */
export const NO_DECIDED = "no decided episodes";

/** "75 % (12/16)" for `count` of `n` at `share`, or NO_DECIDED when the share is null (n = 0). */
export function shareText(share: number | null, count: number, n: number): string {
  return share === null ? NO_DECIDED : `${Math.round(share * 100)} % (${count}/${n})`;
}

/** "51–90 %" for a Wilson interval [low, high] (proportions), "–" when null. */
export function intervalText(interval: readonly [number, number] | null): string {
  return interval ? `${Math.round(interval[0] * 100)}–${Math.round(interval[1] * 100)} %` : "–";
}
