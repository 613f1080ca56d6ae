import { describe, expect, it } from "vitest";
import { SaveQueue } from "./saveQueue.ts";

/** A send function whose calls resolve when the test says so. */
function controlledSend() {
  const calls: Array<{ value: number; resolve: (r: number) => void; reject: (e: Error) => void }> = [];
  const send = (value: number) => new Promise<number>((resolve, reject) => calls.push({ value, resolve, reject }));
  return { calls, send };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe("SaveQueue", () => {
  it("keeps one save in flight and sends only the newest queued value next", async () => {
    const { calls, send } = controlledSend();
    const saved: Array<[number, number, boolean]> = [];
    const q = new SaveQueue(send, { onSaved: (r, v, pending) => saved.push([r, v, pending]) });
    q.push(1);
    q.push(2);
    q.push(3);
    await tick();
    expect(calls.map((c) => c.value)).toEqual([1]);
    calls[0]!.resolve(101);
    await tick();
    expect(calls.map((c) => c.value)).toEqual([1, 3]);
    calls[1]!.resolve(103);
    await q.idle();
    expect(saved).toEqual([
      [101, 1, true],
      [103, 3, false],
    ]);
    expect(q.busy).toBe(false);
  });
  it("reports errors and carries on with newer values", async () => {
    const { calls, send } = controlledSend();
    const errors: string[] = [];
    const q = new SaveQueue(send, { onError: (e) => errors.push((e as Error).message) });
    q.push(1);
    await tick();
    q.push(2);
    calls[0]!.reject(new Error("disk full"));
    await tick();
    expect(errors).toEqual(["disk full"]);
    expect(calls[1]!.value).toBe(2);
    calls[1]!.resolve(0);
    await q.idle();
  });
  it("prepares each value with the last result", async () => {
    const sent: number[] = [];
    const q = new SaveQueue(
      async (v: number) => {
        sent.push(v);
        return v * 10;
      },
      {},
      (v, last) => v + (last ?? 0),
    );
    q.push(1);
    await q.idle();
    q.push(2);
    await q.idle();
    expect(sent).toEqual([1, 12]);
  });
});
