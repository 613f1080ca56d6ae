/**
 * First-run prompt for the annotator's identity: shown when `settings.get` says the annotator is only the OS user
 * name (`source: "os"`). Stores the id and name with `settings.setAnnotator` (the annotation of the open episode is
 * then reloaded from the new annotator's layer). Skippable, and never blocks review: a small non-modal card.
 */
import "../annotation.css";
import { useEffect, useState } from "react";
import { annotatorIdSchema } from "../../../../../shared/annotation/documentSchema.ts";
import type { AnnotatorSettings } from "../../../../../shared/annotation/storeTypes.ts";
import { errorMessage } from "../../../app/errors.ts";
import { api } from "../../../ipc/api.ts";
import { annotationStore } from "../../../stores/annotation.ts";
import { episodeStore } from "../../../stores/episode.ts";

/** sessionStorage key set when the prompt was skipped in this window. */
const SKIPPED_KEY = "episcope.annotatorPrompt.skipped";

/** See the module comment. */
export function AnnotatorPrompt() {
  const [settings, setSettings] = useState<AnnotatorSettings | null>(null);
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (sessionStorage.getItem(SKIPPED_KEY)) return;
    let live = true;
    api.settings.get({}).then(
      (s) => {
        if (!live || s.source !== "os") return;
        setSettings(s);
        setId(s.annotator.id);
        setName(s.annotator.name);
      },
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);

  if (!settings) return null;

  const save = async () => {
    const checked = annotatorIdSchema.safeParse(id.trim());
    if (!checked.success) {
      setError(checked.error.issues[0]?.message ?? "invalid id");
      return;
    }
    setBusy(true);
    try {
      await api.settings.setAnnotator({ id: checked.data, name: name.trim() });
      setSettings(null);
      const summary = episodeStore.getState().summary;
      // The service now reads and writes the new annotator's layer: show that layer's document.
      if (summary && annotationStore.getState().path === summary.path) await annotationStore.getState().load(summary);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const skip = () => {
    sessionStorage.setItem(SKIPPED_KEY, "1");
    setSettings(null);
  };

  return (
    <div className="annotation-dialog annotator-prompt" role="dialog" aria-labelledby="annotator-title">
      <h2 id="annotator-title">Who is annotating?</h2>
      <p className="muted">
        Annotations are saved per annotator (<code>.episcope/annotations/&lt;id&gt;/</code>). Right now they go under the OS user
        name <code>{settings.annotator.id}</code>.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.preventDefault();
            skip();
          }
        }}
      >
        <label>
          Id (letters, digits, . _ -)
          <input aria-label="Annotator id" value={id} aria-invalid={error ? true : undefined} onChange={(e) => (setId(e.target.value), setError(null))} />
        </label>
        <label>
          Display name
          <input aria-label="Annotator name" value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        <div className="actions">
          <button type="button" onClick={skip} disabled={busy}>
            Skip
          </button>
          <button type="submit" className="primary" disabled={busy}>
            Save
          </button>
        </div>
      </form>
      <p className="muted">Stored in {settings.file}</p>
    </div>
  );
}
