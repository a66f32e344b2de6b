// A heading of the runs table that sorts it: a click sorts by its column, a second reverses it.
import { SORT_COLUMNS, type RunSort, type SortKey } from "./runSort";

interface Props {
  column: SortKey;
  sort: RunSort;
  title?: string;
  onSort: (column: SortKey) => void;
}

export function SortHeading({ column, sort, title, onSort }: Props) {
  const sorted = sort.key === column;
  const order = sorted ? (sort.descending ? "descending" : "ascending") : undefined;
  return (
    <th aria-sort={order} title={title} data-testid={`sort-${column}`}>
      <button type="button" className="sort-heading" onClick={() => onSort(column)}>
        {SORT_COLUMNS[column].heading}
        {/* A no-break space keeps the arrow on the heading's last line, never on a line alone. */}
        {sorted && <span aria-hidden="true">{sort.descending ? "\u202f↓" : "\u202f↑"}</span>}
      </button>
    </th>
  );
}
