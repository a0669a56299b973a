import {
  InfoCard,
  Link,
  Progress,
  ResponseErrorPanel,
  TableColumn,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  DashboardApp,
  DashboardFigures,
  SavingsDashboard as Dashboard,
} from '@internal/plugin-provisioning-workflows-common';
import Grid from '@material-ui/core/Grid';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { instanceRouteRef } from '../../routes';
import { money } from '../../util/format';
import { DataTable } from '../DataTable/DataTable';
import { Timestamp } from '../Timestamp/Timestamp';
import { SavingsChart, weekLabel } from './SavingsChart';

const perMonth = (amount: number) => `${money(amount)} / month`;
const seats = (n: number) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? 'seat' : 'seats'}`;

/** What the held seats cost, saying so when some have no price. */
export function spendText(f: DashboardFigures): string {
  if (f.seatsHeld > 0 && f.unpricedSeats === f.seatsHeld) {
    return 'no price set — set one on the app';
  }
  const unpriced = f.unpricedSeats
    ? ` (+ ${seats(f.unpricedSeats)} with no price set)`
    : '';
  return `${perMonth(f.monthlySpend)}${unpriced}`;
}

/** "8 seats, 3 unused". */
export function seatsText(
  f: Pick<DashboardFigures, 'seatsHeld' | 'unusedSeats'>,
) {
  return `${seats(f.seatsHeld)}, ${f.unusedSeats.toLocaleString(
    'en-US',
  )} unused`;
}

/** Realised savings, net of restores, saying what restores gave back. */
export function realisedText(f: DashboardFigures): string {
  const restored = f.restoredMonthlySaving
    ? ` (${money(f.realisedGrossMonthlySaving)} saved, ${money(
        f.restoredMonthlySaving,
      )} given back by restores)`
    : '';
  return `${perMonth(f.realisedMonthlySaving)}${restored}`;
}

const Figure = (props: { title: string; value: string; detail?: string }) => (
  <Grid item xs={12} sm={6} md={3}>
    <InfoCard title={props.title} noPadding={false}>
      <Typography variant="h5" component="p">
        {props.value}
      </Typography>
      {props.detail && (
        <Typography variant="body2" color="textSecondary">
          {props.detail}
        </Typography>
      )}
    </InfoCard>
  </Grid>
);

/** The chart's numbers as a table: its text alternative. */
const WeeksTable = (props: { dashboard: Dashboard }) => (
  <Table size="small" aria-label="Monthly spend and savings realised per week">
    <TableHead>
      <TableRow>
        <TableCell component="th">Week</TableCell>
        <TableCell component="th" align="right">
          Monthly spend
        </TableCell>
        <TableCell component="th" align="right">
          Monthly savings realised
        </TableCell>
      </TableRow>
    </TableHead>
    <TableBody>
      {props.dashboard.series.map(p => (
        <TableRow key={p.from}>
          <TableCell>{weekLabel(p)}</TableCell>
          <TableCell align="right">
            {p.monthlySpend === undefined
              ? 'no inventory sync'
              : money(p.monthlySpend)}
          </TableCell>
          <TableCell align="right">{money(p.realisedMonthlySaving)}</TableCell>
        </TableRow>
      ))}
    </TableBody>
  </Table>
);

/** The app's name, with the instance label when it differs ("Salesforce · Sandbox"). */
function appTitle(a: DashboardApp): string {
  return a.instanceLabel === a.appName
    ? a.appName
    : `${a.appName} · ${a.instanceLabel}`;
}

/**
 * License automation's landing view: what licenses cost, how many are
 * unused, what the enabled workflows would save now and what finished runs
 * saved, in total and per app, with spend and savings over 12 weeks.
 */
export const SavingsDashboard = () => {
  const api = useApi(provisioningWorkflowsApiRef);
  const instanceLink = useRouteRef(instanceRouteRef);
  const state = useAsyncRetry(() => api.getDashboard(), [api]);
  if (state.loading && !state.value) return <Progress />;
  if (state.error) return <ResponseErrorPanel error={state.error} />;
  const dashboard = state.value!;
  const { totals } = dashboard;
  const columns: TableColumn<DashboardApp & { id: string }>[] = [
    {
      title: 'App',
      field: 'appName',
      highlight: true,
      customSort: (a, b) => appTitle(a).localeCompare(appTitle(b)),
      render: a => (
        <Link to={instanceLink({ instanceId: a.instanceId })}>
          {appTitle(a)}
        </Link>
      ),
    },
    {
      title: 'Seats held',
      field: 'seatsHeld',
      type: 'numeric',
      render: a => seatsText(a),
    },
    {
      title: 'Spend',
      field: 'monthlySpend',
      type: 'numeric',
      render: a => spendText(a),
    },
    {
      title: 'Seats bought',
      field: 'purchasedSeats',
      type: 'numeric',
      render: a =>
        a.purchasedSeats === undefined
          ? 'no seat count set'
          : `${seats(a.purchasedSeats)}, ${perMonth(
              a.purchasedMonthlySpend ?? 0,
            )}`,
    },
    {
      title: 'Potential savings',
      field: 'potentialMonthlySaving',
      type: 'numeric',
      render: a =>
        a.workflowEnabled
          ? `${perMonth(a.potentialMonthlySaving)} (${a.potentialSeats} ${
              a.potentialSeats === 1 ? 'person' : 'people'
            })`
          : 'no workflow enabled',
    },
    {
      title: 'Realised savings',
      field: 'realisedMonthlySaving',
      type: 'numeric',
      render: a => realisedText(a),
    },
  ];
  return (
    <Grid container spacing={2} data-testid="savings-dashboard">
      <Grid item xs={12}>
        {/* Body text colour: the time link inside fails contrast on the secondary grey. */}
        <Typography variant="body2">
          Figures as of <Timestamp value={dashboard.generatedAt} />; unused
          means no sign-in to the app in the last 30 days. Amounts in{' '}
          {dashboard.currency}.
        </Typography>
      </Grid>
      <Figure
        title="Spend"
        value={spendText(totals)}
        detail={
          totals.purchasedSeats !== undefined
            ? `${seats(totals.purchasedSeats)} bought: ${perMonth(
                totals.purchasedMonthlySpend ?? 0,
              )}`
            : undefined
        }
      />
      <Figure title="Seats held" value={seatsText(totals)} />
      <Figure
        title="Potential savings"
        value={perMonth(totals.potentialMonthlySaving)}
        detail={`What the enabled workflows would reclaim or downgrade now: ${
          totals.potentialSeats
        } ${totals.potentialSeats === 1 ? 'person' : 'people'}`}
      />
      <Figure
        title="Realised savings"
        value={perMonth(totals.realisedMonthlySaving)}
        detail={
          totals.restoredMonthlySaving
            ? `${money(
                totals.realisedGrossMonthlySaving,
              )} saved by finished runs, ${money(
                totals.restoredMonthlySaving,
              )} given back by restores`
            : 'Saved by finished runs, net of restores'
        }
      />
      <Grid item xs={12} md={8}>
        <InfoCard title="Spend and savings over the last 12 weeks">
          <SavingsChart series={dashboard.series} />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Per week">
          <WeeksTable dashboard={dashboard} />
        </InfoCard>
      </Grid>
      <Grid item xs={12}>
        <DataTable
          title="Per app"
          options={{ paging: false, search: true, padding: 'dense' }}
          columns={columns}
          data={dashboard.apps.map(a => ({ ...a, id: a.instanceId }))}
        />
      </Grid>
    </Grid>
  );
};
