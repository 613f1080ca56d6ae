/**
 * Drag-and-drop of `.mcap` files and folders onto the window. Desktop: main opens the first dropped episode or folder
 * by its path (as File › Open would) and names the rest. Serve mode: a browser never tells a page where a dropped file
 * lies on disk, so a dropped file opens only when it is an episode of the served folder (matched by name and size);
 * any other file or folder gets a notice saying why it cannot be opened and what to do instead. Nothing is uploaded.
 */
import { useEffect, useState } from "react";
import { isDesktop, openDroppedOnDesktop } from "../../ipc/api.ts";
import { openDialogStore, useOpenDialog } from "../../stores/openDialog.ts";
import "./openDialog.css";

/** What was dropped: name, size, and whether it is a folder (from the drag item's file-system entry). */
function droppedFiles(transfer: DataTransfer): Array<{ name: string; size: number; isFolder: boolean }> {
  const items = Array.from(transfer.items ?? []).filter((item) => item.kind === "file");
  if (items.length > 0) {
    return items.map((item) => {
      const file = item.getAsFile();
      const entry = item.webkitGetAsEntry?.();
      return { name: file?.name ?? entry?.name ?? "?", size: file?.size ?? -1, isFolder: entry?.isDirectory ?? false };
    });
  }
  return Array.from(transfer.files).map((f) => ({ name: f.name, size: f.size, isFolder: false }));
}

/** The window-wide drop target and its notice (serve mode only). */
export function DropOpener() {
  const notice = useOpenDialog((s) => s.notice);
  const [over, setOver] = useState(false);
  useEffect(() => {
    const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
    const onOver = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      e.preventDefault(); // without this the browser navigates to the dropped file
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      setOver(true);
    };
    const onLeave = (e: DragEvent) => {
      if (e.relatedTarget === null) setOver(false);
    };
    const onDrop = (e: DragEvent) => {
      if (!hasFiles(e) || !e.dataTransfer) return;
      e.preventDefault();
      setOver(false);
      const store = openDialogStore.getState();
      if (isDesktop) {
        openDroppedOnDesktop(Array.from(e.dataTransfer.files)).then(store.noteDesktopDrop, (error: unknown) =>
          store.noteDesktopDrop(error instanceof Error ? error : new Error(String(error))),
        );
      } else store.openDropped(droppedFiles(e.dataTransfer));
    };
    window.addEventListener("dragover", onOver);
    window.addEventListener("dragleave", onLeave);
    window.addEventListener("drop", onDrop);
    return () => {
      window.removeEventListener("dragover", onOver);
      window.removeEventListener("dragleave", onLeave);
      window.removeEventListener("drop", onDrop);
    };
  }, []);
  return (
    <>
      {over && (
        <div className="drop-overlay">
          {isDesktop ? "Drop an .mcap episode or a folder of episodes to open it" : "Drop an .mcap episode of the served folder to open it"}
        </div>
      )}
      {notice && (
        <div className="drop-notice" role={notice.kind === "error" ? "alert" : "status"} data-kind={notice.kind}>
          <span>{notice.text}</span>
          <button type="button" onClick={() => openDialogStore.getState().dismissNotice()}>
            Dismiss
          </button>
        </div>
      )}
    </>
  );
}
