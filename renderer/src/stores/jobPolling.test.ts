import { describe, expect, it } from "vitest";
import { pollJob } from "./jobPolling.ts";

describe("pollJob", () => {
  it("polls while running, reports each reply, ends once with the last one", async () => {
    const states = ["running", "running", "done"];
    const seen: string[] = [];
    const ended = await new Promise<unknown>((resolve) => {
      pollJob(
        async () => ({ state: states.shift()! }),
        (p) => seen.push(p!.state),
        resolve,
        1,
      );
    });
    expect(seen).toEqual(["running", "running", "done"]);
    expect(ended).toEqual({ progress: { state: "done" } });
  });
  it("ends with the error of a failed request, and stops when asked", async () => {
    const ended = await new Promise<unknown>((resolve) => {
      pollJob(async () => Promise.reject(new Error("gone")), () => {}, resolve, 1);
    });
    expect(ended).toMatchObject({ error: new Error("gone") });
    let calls = 0;
    const stop = pollJob(async () => (calls++, { state: "running" }), () => {}, () => {}, 1);
    stop();
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toBe(0);
  });
});
