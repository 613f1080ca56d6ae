/** What to do when there is nothing to show. */
export function EmptyState() {
  return (
    <div className="empty-state" role="note">
      <h1>No episodes</h1>
      <p>
        Open a folder of .mcap episodes — File › Open, or <code>episcope serve &lt;folder&gt;</code>
      </p>
    </div>
  );
}
