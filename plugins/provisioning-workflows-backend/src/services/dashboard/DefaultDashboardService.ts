import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  DashboardApp,
  DashboardFigures,
  SavingsDashboard,
} from '@internal/plugin-provisioning-workflows-common';
import { DashboardStore, weekPeriods } from '../../database/DashboardStore';
import { WorkflowStore } from '../../database/WorkflowStore';
import { previewWorkflow } from '../../engine/preview';
import { definitionOf } from '../../engine/RunPlanner';

/** Weeks on the dashboard's chart. */
export const DASHBOARD_WEEKS = 12;

/** The savings dashboard, for those who read the inventory. */
export interface DashboardService {
  dashboard(options: {
    credentials: BackstageCredentials;
  }): Promise<SavingsDashboard>;
}

const round = (n: number) => Math.round(n * 100) / 100;

/**
 * The savings dashboard: each figure family read in one query over every
 * instance (seats and spend, purchased seats, realised and restored
 * savings, the weekly series), and the potential savings from the preview
 * of each enabled workflow, the same computation the workflow page shows.
 */
export class DefaultDashboardService implements DashboardService {
  constructor(
    private readonly deps: {
      dashboard: DashboardStore;
      workflows: WorkflowStore;
      now?: () => number;
    },
  ) {}

  async dashboard(_options: {
    credentials: BackstageCredentials;
  }): Promise<SavingsDashboard> {
    const { dashboard } = this.deps;
    const nowMs = (this.deps.now ?? Date.now)();
    const [instances, held, purchased, realised, restored, workflows] =
      await Promise.all([
        dashboard.dashboardInstances(),
        dashboard.heldSeats(nowMs),
        dashboard.purchasedSeats(),
        dashboard.realisedSavings(),
        dashboard.restoredSavings(),
        this.deps.workflows.listWorkflows(),
      ]);
    const heldOf = new Map(held.map(h => [h.instanceId, h]));
    const purchasedOf = new Map(purchased.map(p => [p.instanceId, p]));
    const known = new Set(instances.map(i => i.instanceId));
    const enabled = workflows.filter(
      w => w.status === 'active' && known.has(w.instanceId),
    );
    // One preview per enabled workflow, in turn (each is one SQL query).
    const potential = new Map<string, { saving: number; seats: number }>();
    for (const w of enabled) {
      const { entries } = await previewWorkflow(
        this.deps.workflows,
        w.instanceId,
        definitionOf(w),
        nowMs,
      );
      potential.set(w.instanceId, {
        saving: round(entries.reduce((s, e) => s + e.monthlySaving, 0)),
        seats: entries.length,
      });
    }

    const apps: DashboardApp[] = instances.map(i => {
      const h = heldOf.get(i.instanceId);
      const p = purchasedOf.get(i.instanceId);
      const gross = realised.get(i.instanceId) ?? 0;
      const back = restored.get(i.instanceId) ?? 0;
      const app: DashboardApp = {
        ...i,
        workflowEnabled: potential.has(i.instanceId),
        seatsHeld: h?.seatsHeld ?? 0,
        unusedSeats: h?.unusedSeats ?? 0,
        monthlySpend: h?.monthlySpend ?? 0,
        unpricedSeats: h?.unpricedSeats ?? 0,
        potentialMonthlySaving: potential.get(i.instanceId)?.saving ?? 0,
        potentialSeats: potential.get(i.instanceId)?.seats ?? 0,
        realisedGrossMonthlySaving: gross,
        restoredMonthlySaving: back,
        realisedMonthlySaving: round(gross - back),
      };
      if (p) {
        app.purchasedSeats = p.seats;
        app.purchasedMonthlySpend = p.monthlySpend;
      }
      return app;
    });

    const [spend, realisedByWeek, restoredByWeek] = await Promise.all([
      dashboard.spendHistory(nowMs, DASHBOARD_WEEKS),
      dashboard.realisedSavingsByWeek(nowMs, DASHBOARD_WEEKS),
      dashboard.restoredSavingsByWeek(nowMs, DASHBOARD_WEEKS),
    ]);
    const series = weekPeriods(nowMs, DASHBOARD_WEEKS).periods.map((p, i) => ({
      ...p,
      ...(spend[i] !== undefined ? { monthlySpend: spend[i] } : {}),
      realisedMonthlySaving: round(
        (realisedByWeek.get(String(i)) ?? 0) -
          (restoredByWeek.get(String(i)) ?? 0),
      ),
    }));

    return {
      currency: 'USD',
      generatedAt: new Date(nowMs).toISOString(),
      apps,
      totals: totalsOf(apps),
      series,
    };
  }
}

/** The sum of every app's figures; purchased ones only over apps that have them. */
export function totalsOf(apps: DashboardApp[]): DashboardFigures {
  const sum = (f: (a: DashboardApp) => number | undefined) =>
    round(apps.reduce((s, a) => s + (f(a) ?? 0), 0));
  const totals: DashboardFigures = {
    seatsHeld: sum(a => a.seatsHeld),
    unusedSeats: sum(a => a.unusedSeats),
    monthlySpend: sum(a => a.monthlySpend),
    unpricedSeats: sum(a => a.unpricedSeats),
    potentialMonthlySaving: sum(a => a.potentialMonthlySaving),
    potentialSeats: sum(a => a.potentialSeats),
    realisedGrossMonthlySaving: sum(a => a.realisedGrossMonthlySaving),
    restoredMonthlySaving: sum(a => a.restoredMonthlySaving),
    realisedMonthlySaving: sum(a => a.realisedMonthlySaving),
  };
  if (apps.some(a => a.purchasedSeats !== undefined)) {
    totals.purchasedSeats = sum(a => a.purchasedSeats);
    totals.purchasedMonthlySpend = sum(a => a.purchasedMonthlySpend);
  }
  return totals;
}
