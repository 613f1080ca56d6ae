import { describe, expect, it } from "vitest";
import { DEFAULT_FLAGS } from "../../../shared/annotation/datasetConfig.ts";
import type { EpiscopeApi } from "../../../shared/ipc/contract.ts";
import { loadDatasetFlags } from "./annotationConfig.ts";

describe("dataset flags", () => {
  it("asks once per dataset root and uses the config's flags", async () => {
    let calls = 0;
    const api = { dataset: { config: async () => (calls++, { config: { flags: ["slip"] } }) } } as unknown as EpiscopeApi;
    expect(await loadDatasetFlags("/a", api)).toEqual(["slip"]);
    expect(await loadDatasetFlags("/a", api)).toEqual(["slip"]);
    expect(calls).toBe(1);
  });
  it("falls back to the defaults when the config cannot be read", async () => {
    const api = { dataset: { config: async () => Promise.reject(new Error("offline")) } } as unknown as EpiscopeApi;
    expect(await loadDatasetFlags("/b", api)).toEqual([...DEFAULT_FLAGS]);
  });
});
