/**
 * The metadata table's read-modify-write lock: a lock left by a killed writer (not refreshed for 10 s) is taken over,
 * a live one is waited for, and the lock is gone after each update.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readMetadataTable, TABLE_LOCK, updateMetadataTable } from "./metadataTableFile.ts";

const fresh = () => fs.mkdtempSync(path.join(os.tmpdir(), "episcope-table-lock-"));

describe("updateMetadataTable", () => {
  it("takes over a stale lock (its writer died) and releases its own", async () => {
    const root = fresh();
    const lock = path.join(root, TABLE_LOCK);
    fs.mkdirSync(lock, { recursive: true });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lock, old, old);
    await updateMetadataTable(root, (table) => ({ ...table, "a.mcap": { operator: "op" } }));
    expect(readMetadataTable(root).table["a.mcap"]).toEqual({ operator: "op" });
    expect(fs.existsSync(lock)).toBe(false);
  });

  it("waits for a live lock and writes after it is released", async () => {
    const root = fresh();
    const lock = path.join(root, TABLE_LOCK);
    fs.mkdirSync(lock, { recursive: true });
    let written = false;
    const update = updateMetadataTable(root, (table) => ((written = true), { ...table, "a.mcap": { task: "t" } }));
    await new Promise((r) => setTimeout(r, 300));
    expect(written).toBe(false);
    fs.rmdirSync(lock);
    await update;
    expect(readMetadataTable(root).table["a.mcap"]).toEqual({ task: "t" });
  });

  it("writes nothing when the change throws, and later updates still run", async () => {
    const root = fresh();
    await expect(updateMetadataTable(root, () => { throw new Error("bad row"); })).rejects.toThrow("bad row");
    expect(fs.existsSync(path.join(root, ".episcope", "episodes.json"))).toBe(false);
    await updateMetadataTable(root, () => ({ "b.mcap": { scene: "lab" } }));
    expect(readMetadataTable(root).table).toEqual({ "b.mcap": { scene: "lab" } });
  });
});
