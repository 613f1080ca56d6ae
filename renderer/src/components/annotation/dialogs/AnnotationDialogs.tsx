/** The annotation dialogs the app mounts once: the first-run annotator prompt and the conflict/salvage dialogs. */
import { AnnotatorPrompt } from "./AnnotatorPrompt.tsx";
import { ConflictDialogs } from "./ConflictDialogs.tsx";

/** See the module comment. */
export function AnnotationDialogs() {
  return (
    <>
      <AnnotatorPrompt />
      <ConflictDialogs />
    </>
  );
}
