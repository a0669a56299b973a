import { TableColumn } from '@backstage/core-components';
import { RuleRegret } from '@internal/plugin-provisioning-workflows-common';
import Typography from '@material-ui/core/Typography';
import { money } from '../../util/format';
import { DataTable } from '../DataTable/DataTable';

/** A regret rate as people read it: "25%", "12.5%", "0%". */
export function percent(rate: number): string {
  return `${(rate * 100).toLocaleString('en-US', {
    maximumFractionDigits: 1,
  })}%`;
}

type Row = RuleRegret & { id: string };

/**
 * How often each rule took a license someone needed: the seats it
 * reclaimed or downgraded, how many were restored within the window, the
 * regret rate, and the seats and money left saved.
 */
export const RegretTable = (props: { regret?: RuleRegret[] }) => {
  const rows: Row[] = (props.regret ?? []).map(r => ({
    ...r,
    id: `${r.rule}-${r.ruleName}`,
  }));
  if (!rows.length) {
    return (
      <Typography variant="body2">
        No license taken yet: each rule&apos;s regret rate shows here once a run
        has reclaimed or downgraded someone.
      </Typography>
    );
  }
  const columns: TableColumn<Row>[] = [
    { title: 'Rule', field: 'ruleName' },
    { title: 'Reclaimed or downgraded', field: 'changed', type: 'numeric' },
    { title: 'Restored', field: 'restored', type: 'numeric' },
    {
      title: 'Regret rate',
      field: 'regretRate',
      type: 'numeric',
      render: r => percent(r.regretRate),
    },
    { title: 'Net seats', field: 'netSeats', type: 'numeric' },
    {
      title: 'Net saving per month',
      field: 'netMonthlySaving',
      type: 'numeric',
      render: r =>
        r.restoredSaving
          ? `${money(r.netMonthlySaving)} (${money(
              r.monthlySaving,
            )} less ${money(r.restoredSaving)} restored)`
          : money(r.netMonthlySaving),
    },
  ];
  return (
    <DataTable<Row>
      title="Regret rate per rule"
      subtitle="Licenses people got back within the restore window, of those each rule took"
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={rows}
    />
  );
};
