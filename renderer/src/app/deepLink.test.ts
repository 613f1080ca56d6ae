import { describe, expect, it } from "vitest";
import { formatDeepLink, parseDeepLink } from "./deepLink.ts";

describe("deep links", () => {
  it("parses episode and t", () => {
    expect(parseDeepLink("?episode=a%2Fb%20c.mcap&t=12.5")).toEqual({ episode: "a/b c.mcap", tSeconds: 12.5 });
    expect(parseDeepLink("?episode=x.mcap")).toEqual({ episode: "x.mcap", tSeconds: null });
    expect(parseDeepLink("")).toEqual({ episode: null, tSeconds: null });
  });
  it("ignores invalid or negative t and empty episode", () => {
    expect(parseDeepLink("?episode=&t=abc").tSeconds).toBeNull();
    expect(parseDeepLink("?t=-1").tSeconds).toBeNull();
    expect(parseDeepLink("?t=").tSeconds).toBeNull();
    expect(parseDeepLink("?episode=").episode).toBeNull();
  });
  it("round-trips", () => {
    const s = formatDeepLink({ episode: "dir/ep 1.mcap", tSeconds: 3.25 });
    expect(s).toBe("?episode=dir%2Fep+1.mcap&t=3.250");
    expect(parseDeepLink(s)).toEqual({ episode: "dir/ep 1.mcap", tSeconds: 3.25 });
    expect(formatDeepLink({ episode: null, tSeconds: null })).toBe("");
  });
});
