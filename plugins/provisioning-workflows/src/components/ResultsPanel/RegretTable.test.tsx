import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { percent, RegretTable } from './RegretTable';

describe('RegretTable', () => {
  it('formats rates as people read them', () => {
    expect(percent(0)).toBe('0%');
    expect(percent(0.25)).toBe('25%');
    expect(percent(1 / 8)).toBe('12.5%');
    expect(percent(1 / 3)).toBe('33.3%');
  });

  it('shows each rule by name with its regret rate and what is left saved', async () => {
    await renderInTestApp(
      <RegretTable
        regret={[
          {
            rule: 0,
            ruleName: 'No sign-in for 90 days',
            changed: 8,
            restored: 1,
            regretRate: 0.125,
            netSeats: 7,
            monthlySaving: 120,
            restoredSaving: 15,
            netMonthlySaving: 105,
          },
          {
            rule: 1,
            ruleName: 'Never used',
            changed: 3,
            restored: 0,
            regretRate: 0,
            netSeats: 3,
            monthlySaving: 45,
            restoredSaving: 0,
            netMonthlySaving: 45,
          },
        ]}
      />,
    );
    const first = screen.getByText('No sign-in for 90 days').closest('tr')!;
    expect(within(first).getByText('12.5%')).toBeInTheDocument();
    expect(within(first).getByText('7')).toBeInTheDocument();
    expect(
      within(first).getByText('$105 ($120 less $15 restored)'),
    ).toBeInTheDocument();
    const second = screen.getByText('Never used').closest('tr')!;
    expect(within(second).getByText('0%')).toBeInTheDocument();
    expect(within(second).getByText('$45')).toBeInTheDocument();
  });

  it('says what it will show before any license was taken', async () => {
    await renderInTestApp(<RegretTable regret={[]} />);
    expect(screen.getByText(/regret rate shows here/)).toBeInTheDocument();
  });
});
