/**
 * The camera grid: one tile per camera channel with frames, laid out 1–6 tiles per screen; the Player draws every
 * tile in step with the clock (the grid only renders and arranges them). The grid's arrangement is the one that shows the most picture for the area and the
 * cameras' aspect ratio (bestGrid). Tiles can be moved earlier/later and one can be maximized (it takes the whole
 * workspace; the others are hidden, still in sync), made large (two columns × two rows), and depth cameras get a
 * colormap; the layout persists per dataset (localStorage keyed by the dataset root).
 */
import "./cameraTiles.css";
import { useEffect, useState } from "react";
import { applyOrder, loadLayout, moveTopic, saveLayout, type TileLayout } from "./tileLayout.ts";
import { useEpisodeNow } from "../../stores/episode.ts";
import { selectCameraChannels, selectDatasetRoot, selectFrameIndexErrors, selectSummary } from "../../stores/selectors.ts";
import { CameraTile } from "./CameraTile.tsx";
import { bestGrid, gridShape } from "./gridShape.ts";
import { workspaceStore } from "../../stores/workspace.ts";
import { useGridArea } from "./useGridArea.ts";

/** Gap between tiles (px), as in .camera-grid. */
const GAP = 6;

/** Camera tiles of the open episode. */
export function CameraGrid() {
  const cameras = useEpisodeNow(selectCameraChannels);
  const summary = useEpisodeNow(selectSummary);
  const errors = useEpisodeNow(selectFrameIndexErrors);
  const root = useEpisodeNow(selectDatasetRoot) ?? "";
  const storage = typeof localStorage === "undefined" ? undefined : localStorage;
  const [layout, setLayoutState] = useState<TileLayout>(() => loadLayout(storage, root));
  useEffect(() => setLayoutState(loadLayout(storage, root)), [root, storage]);
  const setLayout = (l: TileLayout) => {
    setLayoutState(l);
    saveLayout(storage, root, l);
  };
  const maximized = layout.maximized;
  const [area, gridRef] = useGridArea();
  const isMaximized = !!maximized && cameras.some((c) => c.topic === maximized);
  // A maximized tile takes the whole workspace (App hides the other panes).
  useEffect(() => {
    workspaceStore.getState().setTileMaximized(isMaximized);
    return () => workspaceStore.getState().setTileMaximized(false);
  }, [isMaximized]);
  if (!summary) return null;
  if (cameras.length === 0) {
    return (
      <div className="panel-empty" role="note">
        No camera channel with frames in this episode.
      </div>
    );
  }
  const shown = maximized && cameras.some((c) => c.topic === maximized) ? maximized : null;
  const order = applyOrder(
    cameras.map((c) => c.topic),
    layout.order,
  );
  const sorted = order.map((t) => cameras.find((c) => c.topic === t)!);
  const move = (topic: string, delta: number) => setLayout({ ...layout, order: moveTopic(order, topic, delta) });
  const spanOf = (topic: string) => layout.spans[topic] ?? 1;
  const large = shown ? 0 : cameras.filter((c) => spanOf(c.topic) === 2).length;
  // Tiles the user made large take four cells: size the grid for the cells, not the tiles. Otherwise the arrangement
  // that shows the most picture for this area and the cameras' aspect (possibly the first tile featured 2 × 2).
  const fit = shown ? { cols: 1, rows: 1, featured: false } : large > 0 ? { ...gridShape(cameras.length + 3 * large), featured: false } : bestGrid(cameras.length, area.aspect, area.width, area.height, GAP);
  const { cols, rows } = fit;
  const spanned = (topic: string, k: number) => !shown && (spanOf(topic) === 2 || (fit.featured && k === 0));
  return (
    <div
      ref={gridRef}
      className="camera-grid"
      role="group"
      aria-label="Cameras"
      style={{ gridTemplateColumns: `repeat(${cols}, minmax(0, 1fr))`, gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))` }}
    >
      {sorted.map((c, k) => (
        <div
          key={`${summary.episodeId}:${c.topic}`}
          className="tile-slot"
          hidden={shown !== null && shown !== c.topic}
          data-span={spanned(c.topic, k) ? "2" : undefined}
          style={spanned(c.topic, k) ? { gridColumn: `span ${Math.min(2, cols)}`, gridRow: `span ${Math.min(2, rows)}` } : undefined}
        >
          <CameraTile
            channel={c}
            episodeId={summary.episodeId}
            indexError={errors[c.topic]}
            colormap={layout.colormaps[c.topic]}
            onColormapChange={(m) => setLayout({ ...layout, colormaps: { ...layout.colormaps, [c.topic]: m } })}
            syncBy={layout.syncBy[c.topic] ?? "log"}
            onSyncByChange={(b) => setLayout({ ...layout, syncBy: { ...layout.syncBy, [c.topic]: b } })}
            controls={
              <span className="tile-controls">
                <button type="button" className="tile-button" aria-label={`Move ${c.topic} earlier`} disabled={k === 0} onClick={() => move(c.topic, -1)}>
                  ◀
                </button>
                <button type="button" className="tile-button" aria-label={`Move ${c.topic} later`} disabled={k === sorted.length - 1} onClick={() => move(c.topic, 1)}>
                  ▶
                </button>
                {cameras.length > 1 && !shown && (
                  <button
                    type="button"
                    className="tile-button"
                    aria-label={spanOf(c.topic) === 2 ? `Make ${c.topic} normal size` : `Make ${c.topic} large`}
                    aria-pressed={spanOf(c.topic) === 2}
                    onClick={() => setLayout({ ...layout, spans: { ...layout.spans, [c.topic]: spanOf(c.topic) === 2 ? 1 : 2 } })}
                  >
                    {spanOf(c.topic) === 2 ? "▣" : "□"}
                  </button>
                )}
                <button
                  type="button"
                  className="tile-button"
                  aria-label={shown === c.topic ? `Restore ${c.topic}` : `Maximize ${c.topic}`}
                  aria-pressed={shown === c.topic}
                  onClick={() => setLayout({ ...layout, maximized: shown === c.topic ? null : c.topic })}
                >
                  {shown === c.topic ? "⤡" : "⤢"}
                </button>
              </span>
            }
          />
        </div>
      ))}
    </div>
  );
}
