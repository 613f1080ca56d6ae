/**
 * Server-side role checks of a shared server (issue 18, roles in shared/annotation/roles.ts): wraps the handler table
 * of one signed-in account so that what its role may not do is refused with code `forbidden` (serve answers HTTP 403)
 * before anything is written. The checks run on the server whatever the browser sends.
 */
import type { AnnotationDocument } from "../../shared/annotation.ts";
import { roleAtLeast, type Account, type Role } from "../../shared/annotation/roles.ts";
import { ADJUDICATED_ANNOTATOR } from "../../shared/dataset/datasetRow.ts";
import { EpiscopeError, type CallContext, type Channel, type IpcHandlers } from "../../shared/ipc/contract.ts";

/** The least role each guarded channel needs (channels not listed: any account). */
export const CHANNEL_ROLES: Partial<Record<Channel, Role>> = {
  "dataset.setMetadata": "annotator",
  "dataset.importMetadata": "lead",
  "import.start": "lead",
  "import.cancel": "lead",
  "export.start": "lead",
  "export.cancel": "lead",
};

/** The parts of a document only an annotator (or lead) may change; a reviewer may change the review and segments. */
const ANNOTATOR_PARTS = ["instructions", "chunks", "rewards"] as const;

const EMPTY_PARTS: Pick<AnnotationDocument, (typeof ANNOTATOR_PARTS)[number]> = { instructions: [], chunks: [], rewards: null };

function forbidden(account: Account, what: string, needed: Role): EpiscopeError {
  const roles = needed === "lead" ? "lead" : `${needed} or lead`;
  return new EpiscopeError("forbidden", `user ${account.name} (role ${account.role}) may not ${what}: that needs role ${roles}`);
}

const canonical = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

/**
 * The handler table of `account`: `handlers` with the role checks in front.
 * @param storedDocument the account's stored document of an episode as the store reads it leniently (null when none),
 *   against which a reviewer's save is compared.
 */
export function guardHandlers(
  handlers: IpcHandlers,
  account: Account,
  storedDocument: (path: string) => Promise<AnnotationDocument | null>,
): IpcHandlers {
  const guarded: IpcHandlers = { ...handlers };
  for (const [channel, needed] of Object.entries(CHANNEL_ROLES) as [Channel, Role][]) {
    const handler = handlers[channel] as (request: unknown, call: CallContext) => Promise<unknown>;
    (guarded as Record<Channel, (request: unknown, call: CallContext) => Promise<unknown>>)[channel] = async (request, call) => {
      if (!roleAtLeast(account.role, needed)) throw forbidden(account, `use ${channel}`, needed);
      return handler(request, call);
    };
  }
  guarded["settings.get"] = async () => ({ annotator: { id: account.name, name: account.name }, source: "account", file: "", stored: null });
  guarded["settings.setAnnotator"] = async () => {
    throw new EpiscopeError("forbidden", `on this server your annotator identity is your account, ${account.name}; it cannot be changed here`);
  };
  guarded["annotation.save"] = async (request, call) => {
    if (request.layer === ADJUDICATED_ANNOTATOR) {
      if (!roleAtLeast(account.role, "lead")) throw forbidden(account, "adjudicate (save the adjudicated layer)", "lead");
    } else if (!roleAtLeast(account.role, "annotator")) {
      const stored = (await storedDocument(request.path)) ?? EMPTY_PARTS;
      const changed = ANNOTATOR_PARTS.filter((part) => canonical(request.document[part]) !== canonical(stored[part]));
      if (changed.length > 0) throw forbidden(account, `change ${changed.join(", ")} (a reviewer sets the review and segments)`, "annotator");
    }
    return handlers["annotation.save"](request, call);
  };
  return guarded;
}
