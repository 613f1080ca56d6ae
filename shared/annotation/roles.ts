/**
 * Roles of the accounts of a shared server (issue 18), from least to most trusted. What each may do:
 * - `reviewer`: set the review (status, outcome, score, flags, note) and segments of their own layer;
 * - `annotator`: also instructions, action chunks and rewards, and the metadata table of single episodes;
 * - `lead`: also adjudicate (the `adjudicated` layer), export, import, and import a metadata table.
 */
export const ROLES = ["reviewer", "annotator", "lead"] as const;

/** A role of an account. */
export type Role = (typeof ROLES)[number];

/** True when `role` includes everything `needed` may do. */
export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

/** An account of a shared server: its name is also its annotator id (its layer). */
export interface Account {
  name: string;
  role: Role;
}
