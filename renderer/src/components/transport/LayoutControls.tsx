/**
 * Workspace arrangement controls in the transport bar: the named layout (Alt+1/2/3), focus mode (Shift+F), and the
 * episode list / inspector toggles (Ctrl+B / Ctrl+Alt+B). Keys come from the hotkey table, so a dataset's rebinding
 * shows here too.
 */
import { executeCommand } from "../../keyboard/commandRegistry.ts";
import { bindingOf } from "../../keyboard/hotkeyTable.ts";
import { formatKeyBinding } from "../../keyboard/keyBinding.ts";
import { isLayoutName, LAYOUT_NAMES } from "../../stores/paneLayouts.ts";
import { useWorkspace, workspaceStore } from "../../stores/workspace.ts";

const keyOf = (id: string) => {
  const b = bindingOf(id);
  return b ? ` (${formatKeyBinding(b)})` : "";
};

/** Layout picker and pane toggles. */
export function LayoutControls() {
  const name = useWorkspace((s) => s.layoutName);
  const focus = useWorkspace((s) => s.focus);
  const sidebarCollapsed = useWorkspace((s) => s.sidebarCollapsed);
  const inspectorCollapsed = useWorkspace((s) => s.inspectorCollapsed);
  return (
    <div className="layout-controls" role="group" aria-label="Layout">
      <select
        aria-label="Layout"
        title={`Layout: ${LAYOUT_NAMES.map((n) => `${n}${keyOf(`layout.${n}`)}`).join(", ")}`}
        value={name}
        onChange={(e) => {
          if (isLayoutName(e.target.value)) workspaceStore.getState().setLayoutName(e.target.value);
          e.target.blur();
        }}
      >
        {LAYOUT_NAMES.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
      <button type="button" className="tile-button" aria-pressed={!sidebarCollapsed} aria-label="Episode list" title={`Show / hide the episode list${keyOf("layout.toggleSidebar")}`} onClick={() => executeCommand("layout.toggleSidebar")}>
        ◧
      </button>
      <button type="button" className="tile-button" aria-pressed={!inspectorCollapsed} aria-label="Inspector" title={`Show / hide the inspector${keyOf("layout.toggleInspector")}`} onClick={() => executeCommand("layout.toggleInspector")}>
        ◨
      </button>
      <button type="button" className="tile-button" aria-pressed={focus} aria-label="Focus mode" title={`Cameras take the whole window${keyOf("layout.focus")}; Esc leaves`} onClick={() => workspaceStore.getState().toggleFocus()}>
        Focus
      </button>
    </div>
  );
}
