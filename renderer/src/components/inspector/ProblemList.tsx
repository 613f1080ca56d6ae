/** Problems the engine found while opening the episode (empty channels, missing index, …). */
import { useEpisode } from "../../stores/episode.ts";
import { selectSummary } from "../../stores/selectors.ts";

/** A collapsible list of problems; open when one is an error. */
export function ProblemList() {
  const summary = useEpisode(selectSummary);
  const problems = summary?.problems ?? [];
  if (problems.length === 0) return null;
  const hasError = problems.some((p) => p.severity === "error");
  return (
    <details className="problems" open={hasError}>
      <summary>
        Problems <span className="muted">({problems.length})</span>
      </summary>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.code}:${i}`} className={`problem problem-${p.severity}`}>
            <span className="problem-severity">{p.severity}</span> {p.message}
          </li>
        ))}
      </ul>
    </details>
  );
}
