import { SavingsDashboard } from '@internal/plugin-provisioning-workflows-common';

const zero = {
  potentialMonthlySaving: 0,
  potentialSeats: 0,
  realisedGrossMonthlySaving: 0,
  restoredMonthlySaving: 0,
  realisedMonthlySaving: 0,
};

/** A dashboard of two apps: Figma priced, with a workflow; Miro with no prices. */
export const dashboard: SavingsDashboard = {
  currency: 'USD',
  generatedAt: '2026-11-24T10:00:00.000Z',
  apps: [
    {
      ...zero,
      instanceId: 'inst-figma',
      appKey: 'figma',
      appName: 'Figma',
      instanceLabel: 'Figma',
      workflowEnabled: true,
      seatsHeld: 16,
      unusedSeats: 5,
      monthlySpend: 1240,
      unpricedSeats: 0,
      purchasedSeats: 20,
      purchasedMonthlySpend: 1500,
      potentialMonthlySaving: 75,
      potentialSeats: 5,
      realisedGrossMonthlySaving: 60,
      restoredMonthlySaving: 15,
      realisedMonthlySaving: 45,
    },
    {
      ...zero,
      instanceId: 'inst-miro',
      appKey: 'miro',
      appName: 'Miro',
      instanceLabel: 'Miro',
      workflowEnabled: false,
      seatsHeld: 4,
      unusedSeats: 1,
      monthlySpend: 0,
      unpricedSeats: 4,
    },
  ],
  totals: {
    seatsHeld: 20,
    unusedSeats: 6,
    monthlySpend: 1240,
    unpricedSeats: 4,
    purchasedSeats: 20,
    purchasedMonthlySpend: 1500,
    potentialMonthlySaving: 75,
    potentialSeats: 5,
    realisedGrossMonthlySaving: 60,
    restoredMonthlySaving: 15,
    realisedMonthlySaving: 45,
  },
  series: [
    { from: '2026-11-11', to: '2026-11-17', realisedMonthlySaving: 0 },
    {
      from: '2026-11-18',
      to: '2026-11-24',
      monthlySpend: 1240,
      realisedMonthlySaving: 45,
    },
  ],
};
