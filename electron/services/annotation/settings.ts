import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { z } from "zod/v4";
import { annotatorSchema } from "../../../shared/annotation/documentSchema.ts";
import type { Annotator } from "../../../shared/annotation.ts";
import { writeFileAtomic } from "./atomicWrite.ts";

/** The app settings file's content. Unknown keys are kept on write. */
export const appSettingsSchema = z.looseObject({ annotator: annotatorSchema.optional() });
export type AppSettings = z.output<typeof appSettingsSchema>;

/**
 * Folder of the app settings for `serve` and the CLI: `$EPISCOPE_CONFIG_DIR`, else the platform's config folder —
 * `%APPDATA%\Episcope` (Windows), `~/Library/Application Support/Episcope` (macOS), `$XDG_CONFIG_HOME/episcope` or
 * `~/.config/episcope` (Linux and others). The desktop app passes Electron's `userData` folder instead.
 */
export function settingsDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.EPISCOPE_CONFIG_DIR) return env.EPISCOPE_CONFIG_DIR;
  if (platform === "win32") return join(env.APPDATA || join(homedir(), "AppData", "Roaming"), "Episcope");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "Episcope");
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "episcope");
}

/** The settings file: `<settingsDir>/settings.json`. */
export function settingsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(settingsDir(env), "settings.json");
}

/** What reading the settings gave. */
export interface SettingsRead {
  settings: AppSettings;
  /** Why the file could not be used (it is then ignored, never overwritten silently), or null. */
  problem: string | null;
}

/** Read the settings (synchronously: needed once at start-up). A missing file is empty settings. Never throws. */
export function readSettings(file: string): SettingsRead {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { settings: {}, problem: null };
    return { settings: {}, problem: `${file}: ${(error as Error).message}` };
  }
  try {
    const result = appSettingsSchema.safeParse(JSON.parse(text));
    if (result.success) return { settings: result.data, problem: null };
    const issue = result.error.issues[0]!;
    return { settings: {}, problem: `${file}: ${issue.path.join(".") || "(document)"}: ${issue.message}` };
  } catch (error) {
    return { settings: {}, problem: `${file}: not valid JSON: ${(error as Error).message}` };
  }
}

/**
 * Store the annotator in the settings file (atomically), keeping every other setting.
 * @throws Error naming the file when it exists but is not valid (it is left as it is), or on a write error.
 */
export async function storeAnnotator(file: string, annotator: Annotator): Promise<void> {
  const { settings, problem } = readSettings(file);
  if (problem) throw new Error(`${problem}; fix or remove it before changing the annotator`);
  await writeFileAtomic(file, JSON.stringify({ ...settings, annotator }, null, 2) + "\n");
}
