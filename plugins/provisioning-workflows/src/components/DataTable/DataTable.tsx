import { Table, TableColumn, TableProps } from '@backstage/core-components';

// Backstage's Table (material-table) wraps each sortable header in a drag
// handle with role="button" around the sort button, which screen readers and
// axe-core report as nested controls, and gives a column without a title a
// sort button with no name. Every list of this plugin uses this table instead:
// columns keep their order, and only titled columns sort. The same component
// lives in the Productiv Home frontend; the two plugins ship apart.

/** Backstage's Table with accessible headers. */
export function DataTable<T extends object>(props: TableProps<T>) {
  const columns: TableColumn<T>[] = props.columns.map(column =>
    column.title ? column : { ...column, sorting: false },
  );
  return (
    <Table<T>
      {...props}
      columns={columns}
      options={{ ...props.options, draggable: false }}
    />
  );
}
