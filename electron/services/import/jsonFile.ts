/** Read a JSON or JSON Lines file with errors that name the file (and line). */
import { readFile } from "node:fs/promises";
import { errorMessage } from "./types.ts";

/**
 * Parse `file` as JSON.
 * @throws Error `<file>: cannot read (…)` or `<file>: not valid JSON (…)`
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read (${errorMessage(error)})`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${errorMessage(error)})`);
  }
}

/**
 * Parse `file` as JSON Lines (one JSON value per non-empty line).
 * @throws Error naming the file and the 1-based line of the first bad line
 */
export async function readJsonLinesFile(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new Error(`${file}: cannot read (${errorMessage(error)})`);
  }
  return text.split("\n").flatMap((line, i) => {
    if (line.trim() === "") return [];
    try {
      return [JSON.parse(line) as unknown];
    } catch (error) {
      throw new Error(`${file}: line ${i + 1} is not valid JSON (${errorMessage(error)})`);
    }
  });
}
