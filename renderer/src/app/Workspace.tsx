/**
 * The review workspace's panes (react-resizable-panels): the episode list, the stage (cameras above plots) and the
 * inspector side by side, over the transport bar and timeline. Every separator is a focusable `role="separator"`
 * that resizes by dragging or by the arrow keys (2 % a press); the episode list and inspector collapse. Sizes are
 * saved per dataset and globally for the named layout in use (paneLayouts.ts); switching layouts applies the new
 * layout's sizes in place, without remounting the panes (the cameras keep decoding). In focus mode, or while a tile is
 * maximized, CSS hides everything but the cameras and the transport bar (no remount either).
 */
import { useEffect, useRef, type ReactNode } from "react";
import { Panel, PanelGroup, PanelResizeHandle, type ImperativePanelGroupHandle, type ImperativePanelHandle } from "react-resizable-panels";
import { useCommand } from "../keyboard/commandRegistry.ts";
import { LAYOUT_NAMES, loadPaneSizes, savePaneSizes, type LayoutName, type PaneGroupId } from "../stores/paneLayouts.ts";
import { selectCamerasOnly, useWorkspace, workspaceStore } from "../stores/workspace.ts";

/** What goes in each pane; `stage` replaces cameras and plots when there is no episode to show (empty/error states). */
export interface WorkspaceSlots {
  sidebar: ReactNode;
  cameras: ReactNode;
  plots: ReactNode;
  /** Shown in the stage instead of cameras and plots, when set. */
  stage: ReactNode | null;
  inspector: ReactNode;
  transport: ReactNode;
  timeline: ReactNode;
  /** Dataset root the sizes are saved for ("" when none). */
  root: string;
}

const storage = typeof localStorage === "undefined" ? undefined : localStorage;

/** Percent a separator moves per arrow key. */
const KEYBOARD_STEP = 2;

function Separator({ label }: { label: string }) {
  return <PanelResizeHandle className="pane-separator" aria-label={label} title={`${label} (drag, or focus and use the arrow keys)`} />;
}

/** A collapsible side pane (episode list, inspector) that reports its collapsed state to the workspace store. */
function SidePane(props: { pane: "sidebar" | "inspector"; paneRef: React.RefObject<ImperativePanelHandle | null>; order: number; defaultSize: number; minSize: number; children: ReactNode }) {
  const { pane, paneRef, order, defaultSize, minSize, children } = props;
  const setCollapsed = workspaceStore.getState().setCollapsed;
  return (
    <Panel
      ref={paneRef}
      id={pane}
      order={order}
      defaultSize={defaultSize}
      minSize={minSize}
      collapsible
      collapsedSize={0}
      onCollapse={() => setCollapsed(pane, true)}
      onExpand={() => setCollapsed(pane, false)}
      className={`pane pane-${pane}`}
    >
      {children}
    </Panel>
  );
}

/** Keys and commands that arrange the workspace. */
function useLayoutCommands(sidebar: React.RefObject<ImperativePanelHandle | null>, inspector: React.RefObject<ImperativePanelHandle | null>): void {
  const group = "Layout";
  const toggle = (ref: React.RefObject<ImperativePanelHandle | null>) => () => {
    const p = ref.current;
    if (!p) return;
    if (p.isCollapsed()) p.expand();
    else p.collapse();
  };
  useCommand("layout.review", "Layout: review (cameras first)", group, () => workspaceStore.getState().setLayoutName("review"));
  useCommand("layout.annotate", "Layout: annotate (tiers and inspector larger)", group, () => workspaceStore.getState().setLayoutName("annotate"));
  useCommand("layout.audit", "Layout: audit (plots as tall as the cameras)", group, () => workspaceStore.getState().setLayoutName("audit"));
  useCommand("layout.focus", "Focus mode: cameras take the whole window (Esc leaves)", group, () => workspaceStore.getState().toggleFocus());
  useCommand("layout.toggleSidebar", "Show / hide the episode list", group, toggle(sidebar));
  useCommand("layout.toggleInspector", "Show / hide the inspector", group, toggle(inspector));
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && workspaceStore.getState().focus && !e.defaultPrevented) workspaceStore.getState().exitFocus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
}

/** The arranged panes. */
export function Workspace(slots: WorkspaceSlots) {
  const name = useWorkspace((s) => s.layoutName);
  const camerasOnly = useWorkspace(selectCamerasOnly);
  const groups = {
    outer: useRef<ImperativePanelGroupHandle>(null),
    columns: useRef<ImperativePanelGroupHandle>(null),
    stage: useRef<ImperativePanelGroupHandle>(null),
  };
  const sidebarRef = useRef<ImperativePanelHandle>(null);
  const inspectorRef = useRef<ImperativePanelHandle>(null);
  useLayoutCommands(sidebarRef, inspectorRef);
  const { root } = slots;
  const sizes = loadPaneSizes(storage, root, name);
  // A layout switch or another dataset: apply its sizes to the mounted groups.
  const applied = useRef(`${root}\n${name}`);
  useEffect(() => {
    const id = `${root}\n${name}`;
    if (applied.current === id) return;
    applied.current = id;
    const next = loadPaneSizes(storage, root, name);
    for (const g of ["outer", "columns", "stage"] as const) groups[g].current?.setLayout(next[g]);
    // groups holds refs, stable across renders
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [root, name]);
  const onLayout = (group: PaneGroupId) => (layout: number[]) => {
    // Only user changes of the layout in use are saved (setLayout above reports the sizes it applied: harmless).
    savePaneSizes(storage, root, workspaceStore.getState().layoutName, group, layout);
  };
  return (
    <div className="app" data-layout={name} data-cameras-only={camerasOnly ? "true" : undefined}>
      <PanelGroup ref={groups.outer} direction="vertical" id="outer" keyboardResizeBy={KEYBOARD_STEP} onLayout={onLayout("outer")}>
        <Panel id="top" order={1} defaultSize={sizes.outer[0]} minSize={30} className="pane-top">
          <PanelGroup ref={groups.columns} direction="horizontal" id="columns" keyboardResizeBy={KEYBOARD_STEP} onLayout={onLayout("columns")}>
            <SidePane pane="sidebar" paneRef={sidebarRef} order={1} defaultSize={sizes.columns[0]!} minSize={8}>
              {slots.sidebar}
            </SidePane>
            <Separator label="Resize the episode list" />
            <Panel id="stage" order={2} defaultSize={sizes.columns[1]} minSize={30} className="pane pane-stage">
              <main className="stage" aria-label="Review">
                {slots.stage ?? (
                  <PanelGroup ref={groups.stage} direction="vertical" id="stage" keyboardResizeBy={KEYBOARD_STEP} onLayout={onLayout("stage")}>
                    <Panel id="cameras" order={1} defaultSize={sizes.stage[0]} minSize={15} className="pane pane-cameras">
                      <div className="stage-cameras">{slots.cameras}</div>
                    </Panel>
                    <Separator label="Resize cameras and plots" />
                    <Panel id="plots" order={2} defaultSize={sizes.stage[1]} minSize={8} className="pane pane-plots">
                      <div className="stage-plots">{slots.plots}</div>
                    </Panel>
                  </PanelGroup>
                )}
              </main>
            </Panel>
            <Separator label="Resize the inspector" />
            <SidePane pane="inspector" paneRef={inspectorRef} order={3} defaultSize={sizes.columns[2]!} minSize={12}>
              {slots.inspector}
            </SidePane>
          </PanelGroup>
        </Panel>
        <Separator label="Resize the timeline" />
        <Panel id="bottom" order={2} defaultSize={sizes.outer[1]} minSize={8} className="pane pane-bottom">
          <footer className="bottom" aria-label="Transport and timeline">
            {slots.transport}
            <div className="bottom-timeline">{slots.timeline}</div>
          </footer>
        </Panel>
      </PanelGroup>
    </div>
  );
}

/** Layout names with their keys, for menus. */
export const LAYOUT_CHOICES: readonly { name: LayoutName; command: string }[] = LAYOUT_NAMES.map((name) => ({ name, command: `layout.${name}` }));
