import { screen, within } from '@testing-library/react';
import { renderWithApis } from '../../__testUtils__/render';
import { fakeApi, serverError } from '../../testUtils/fakeApi';
import { SavingsDashboard } from './SavingsDashboard';

describe('SavingsDashboard', () => {
  it('shows the totals, the weeks as a table and each app by name', async () => {
    const api = fakeApi();
    await renderWithApis(<SavingsDashboard />, { api });
    const board = await screen.findByTestId('savings-dashboard');
    // Totals: spend with the seats no price covers, seats, potential, realised net of restores.
    expect(board).toHaveTextContent(
      'Spend$1,240 / month (+ 4 seats with no price set)20 seats bought: $1,500 / month',
    );
    expect(board).toHaveTextContent('Seats held20 seats, 6 unused');
    expect(board).toHaveTextContent(
      'Potential savings$75 / monthWhat the enabled workflows would reclaim or downgrade now: 5 people',
    );
    expect(board).toHaveTextContent(
      'Realised savings$45 / month$60 saved by finished runs, $15 given back by restores',
    );

    // The chart's text alternative: one row per week, unknown spend said so.
    const weeks = screen.getByRole('table', {
      name: 'Monthly spend and savings realised per week',
    });
    const rows = within(weeks).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(/Nov 11.*Nov 17.*no inventory sync.*\$0/);
    expect(rows[2]).toHaveTextContent(/Nov 18.*Nov 24.*\$1,240.*\$45/);

    const figma = screen.getByRole('link', { name: 'Figma' }).closest('tr')!;
    expect(screen.getByRole('link', { name: 'Figma' })).toHaveAttribute(
      'href',
      '/license-automation/instances/inst-figma',
    );
    expect(figma).toHaveTextContent('16 seats, 5 unused');
    expect(figma).toHaveTextContent('$1,240 / month');
    expect(figma).toHaveTextContent('20 seats, $1,500 / month');
    expect(figma).toHaveTextContent('$75 / month (5 people)');
    expect(figma).toHaveTextContent(
      '$45 / month ($60 saved, $15 given back by restores)',
    );
    // A figure that is unknown shows as unknown, never as $0.
    const miro = screen.getByRole('link', { name: 'Miro' }).closest('tr')!;
    expect(miro).toHaveTextContent('4 seats, 1 unused');
    expect(miro).toHaveTextContent('no price set — set one on the app');
    expect(miro).toHaveTextContent('no seat count set');
    expect(miro).toHaveTextContent('no workflow enabled');
    expect(document.body).not.toHaveTextContent('inst-');
    expect(document.body).not.toHaveTextContent(/\d{4}-\d{2}-\d{2}T/);
  });

  it("shows the server's message when the dashboard cannot be read", async () => {
    const api = fakeApi();
    api.getDashboard.mockRejectedValue(
      await serverError(
        403,
        'NotAllowedError',
        'The savings dashboard needs the provisioning-workflows.inventory.read permission',
      ),
    );
    await renderWithApis(<SavingsDashboard />, { api });
    expect(
      (
        await screen.findAllByText(
          /needs the provisioning-workflows.inventory.read permission/,
        )
      ).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByTestId('savings-dashboard')).toBeNull();
  });
});
