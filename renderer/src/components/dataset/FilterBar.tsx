/** The list's text filter and saved filters. */
import { useState } from "react";
import { datasetStore, useDataset } from "../../stores/dataset.ts";
import { isEmptyFilter } from "../../../../shared/dataset/rowFilter.ts";

/** Text filter input (Escape clears it), saved filter picker, save / clear buttons. */
export function FilterBar({ showSaved = true }: { showSaved?: boolean }) {
  const filter = useDataset((s) => s.filter);
  const saved = useDataset((s) => s.saved);
  const [naming, setNaming] = useState<string | null>(null);
  const store = datasetStore.getState();
  return (
    <div className="filter-bar">
      <input
        type="search"
        className="filter-input"
        placeholder="Filter: op_03 status:unreviewed …"
        aria-label="Filter episodes"
        value={filter.text}
        onChange={(e) => store.setFilterText(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            store.setFilterText("");
            e.currentTarget.blur();
          }
        }}
      />
      {showSaved && (
        <div className="filter-saved">
          <select
            aria-label="Saved filters"
            value=""
            onChange={(e) => {
              if (e.target.value) store.applySaved(e.target.value);
            }}
          >
            <option value="">Saved filters{saved.length ? ` (${saved.length})` : ""}</option>
            {saved.map((s) => (
              <option key={s.name} value={s.name}>
                {s.name}
              </option>
            ))}
          </select>
          {naming === null ? (
            <button type="button" className="small-button" disabled={isEmptyFilter(filter)} onClick={() => setNaming("")} title="Save this filter">
              Save
            </button>
          ) : (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                store.saveFilter(naming);
                setNaming(null);
              }}
            >
              <input autoFocus aria-label="Filter name" placeholder="name" value={naming} onChange={(e) => setNaming(e.target.value)} onBlur={() => setNaming(null)} />
            </form>
          )}
          {!isEmptyFilter(filter) && (
            <button type="button" className="small-button" onClick={() => store.clearFilter()}>
              Clear
            </button>
          )}
        </div>
      )}
    </div>
  );
}
