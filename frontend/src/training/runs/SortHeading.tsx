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
        <span>{SORT_COLUMNS[column].heading}</span>
        <span className="sort-arrow" aria-hidden="true">
          {sorted ? (sort.descending ? "↓" : "↑") : ""}
        </span>
      </button>
    </th>
  );
}
