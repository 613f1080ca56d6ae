/**
 * Commands that features register at run time (pattern: VS Code's CommandsRegistry), so a panel can own its keys
 * without editing the global keymap. A command's key comes from the dataset config's `hotkeys` table (command id →
 * binding, e.g. `"chunk.split": "s"`, defaults in shared/annotation/datasetConfig.ts); `useHotkeys` looks a pressed
 * key up there and runs the registered command. The shortcut sheet lists what is registered.
 */
import { useEffect, useRef } from "react";

/** A registered command. */
export interface RegisteredCommand {
  /** Stable id, the key of the config's hotkeys table, e.g. `"reward.generateProgress"`. */
  id: string;
  /** What it does, for the shortcut sheet ("Split the action chunk at the playhead"). */
  label: string;
  /** Section of the shortcut sheet ("Action chunks"). */
  group: string;
  run(): void;
}

const registry = new Map<string, RegisteredCommand[]>();
const listeners = new Set<() => void>();
let version = 0;

function changed(): void {
  version++;
  for (const l of listeners) l();
}

/**
 * Register a command; returns the function that unregisters it. When two registrations share an id, the latest one
 * runs (a panel mounted later overrides) until it is unregistered.
 */
export function registerCommand(command: RegisteredCommand): () => void {
  const stack = registry.get(command.id) ?? [];
  stack.push(command);
  registry.set(command.id, stack);
  changed();
  return () => {
    const list = registry.get(command.id);
    if (!list) return;
    const i = list.indexOf(command);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) registry.delete(command.id);
    changed();
  };
}

/** The command registered under `id` (the latest registration), or undefined. */
export function getCommand(id: string): RegisteredCommand | undefined {
  const list = registry.get(id);
  return list?.[list.length - 1];
}

/** Run the command registered under `id`; false when none is. */
export function executeCommand(id: string): boolean {
  const command = getCommand(id);
  if (!command) return false;
  command.run();
  return true;
}

/** Every registered command (latest registration per id), sorted by group then label. */
export function listCommands(): RegisteredCommand[] {
  return [...registry.keys()]
    .map((id) => getCommand(id)!)
    .sort((a, b) => a.group.localeCompare(b.group) || a.label.localeCompare(b.label));
}

/** Subscribe to registrations (for React's useSyncExternalStore); returns the unsubscribe function. */
export function subscribeCommands(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A number that changes on every registration change (useSyncExternalStore snapshot). */
export function commandsVersion(): number {
  return version;
}

/**
 * Register a command while the component is mounted. `run` may change between renders; the latest one runs.
 */
export function useCommand(id: string, label: string, group: string, run: () => void): void {
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => registerCommand({ id, label, group, run: () => runRef.current() }), [id, label, group]);
}
