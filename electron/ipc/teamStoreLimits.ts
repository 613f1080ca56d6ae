/**
 * What `episcope serve --store` cannot do yet (issue 18): the export (preview and start) and the inter-annotator
 * agreement still read labels from the dataset folder's files, which the team store does not write. Rather than export
 * or compare nothing and show it as a success, these channels are refused with code `not-with-store` and a message
 * saying how to get there (copy the labels out with `episcope store export` into a copy of the dataset).
 */
import { EpiscopeError, type Channel, type IpcHandlers } from "../../shared/ipc/contract.ts";

/** Channels that read labels from files only. */
export const FILE_ONLY_CHANNELS: readonly Channel[] = ["export.preview", "export.start", "dataset.agreement"];

/** `handlers` with the file-only channels refused (see the module comment). */
export function withTeamStoreLimits(handlers: IpcHandlers): IpcHandlers {
  const limited: IpcHandlers = { ...handlers };
  for (const channel of FILE_ONLY_CHANNELS) {
    (limited as Record<Channel, () => Promise<unknown>>)[channel] = async () => {
      throw new EpiscopeError(
        "not-with-store",
        `${channel} reads labels from the dataset's files, which serve --store does not use yet: run ` +
          "`episcope store export DATASET --store postgres://…` on a copy of the dataset and use episcope export / agreement there",
      );
    };
  }
  return limited;
}
