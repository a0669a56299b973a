import { ResponseError } from '@backstage/errors';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { WorkflowDefinition } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi, figma } from '../../testUtils/fakeApi';
import { BacktestPanel } from './BacktestPanel';

const definition: WorkflowDefinition = {
  rules: [
    {
      name: 'Idle',
      condition: { type: 'noSignIn', days: 30 },
      tiers: [],
      outcome: { action: 'deprovision', suggestOnly: false },
    },
  ],
  newHireDays: 30,
  notifications: { enabled: false, daysBefore: 7, allowOptOut: true },
  schedule: '',
  mode: 'automatic',
};

async function render(api: ReturnType<typeof fakeApi>) {
  await renderInTestApp(
    <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
      <BacktestPanel
        instanceId="inst-figma"
        instance={figma}
        definition={definition}
      />
    </TestApiProvider>,
  );
}

describe('BacktestPanel', () => {
  it('runs the edited workflow 30 days ago and shows counts, savings, regrets and the people by name', async () => {
    const api = fakeApi();
    await render(api);
    expect(api.backtestWorkflow).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: '30 days ago' }));
    await waitFor(() =>
      expect(screen.getByTestId('backtest-affected')).toHaveTextContent('2'),
    );
    expect(api.backtestWorkflow).toHaveBeenCalledWith('inst-figma', {
      daysAgo: 30,
      definition: expect.objectContaining({
        rules: [
          expect.objectContaining({
            condition: { type: 'noSignIn', days: 30 },
          }),
        ],
      }),
      limit: 1000,
    });
    expect(screen.getByTestId('backtest-regrets')).toHaveTextContent('1');
    expect(screen.getByTestId('backtest-saving')).toHaveTextContent('$60');
    expect(screen.getByTestId('backtest-assigned')).toHaveTextContent('14');

    const ava = within(screen.getByText('Ava Rossi').closest('tr')!);
    expect(ava.getByText('Editor')).toBeInTheDocument();
    expect(ava.getByText('Deprovision')).toBeInTheDocument();
    expect(ava.getByText('$45')).toBeInTheDocument();
    expect(ava.getAllByRole('time' as any)).toHaveLength(2);
    const liam = within(
      screen.getByText('liam.patel@acme.example.com').closest('tr')!,
    );
    expect(liam.getByText('never')).toBeInTheDocument();
    expect(liam.getByText('no')).toBeInTheDocument();
    // Names and relative times, not keys or ISO days.
    expect(screen.getByRole('table')).not.toHaveTextContent('00u1');
    expect(screen.getByRole('table')).not.toHaveTextContent('2026-10-12');
  });

  it('sends a chosen day, and shows a refusal beside the day field', async () => {
    const api = fakeApi();
    const response = new Response(
      JSON.stringify({
        error: {
          name: 'InputError',
          message:
            'asOf: 2026-01-01 is before the kept history of Figma, which starts on 2026-07-01; pick a later day',
        },
        request: { method: 'POST', url: '/workflows/inst-figma/backtest' },
        response: { statusCode: 400 },
      }),
      { status: 400, headers: { 'content-type': 'application/json' } },
    );
    const refusal = await ResponseError.fromResponse(response as any);
    api.backtestWorkflow.mockRejectedValue(refusal);
    await render(api);
    const run = screen.getByRole('button', { name: 'Run backtest' });
    expect(run).toBeDisabled();
    fireEvent.change(screen.getByLabelText('Or a day'), {
      target: { value: '2026-01-01' },
    });
    fireEvent.click(run);
    expect(
      await screen.findByText(
        '2026-01-01 is before the kept history of Figma, which starts on 2026-07-01; pick a later day',
      ),
    ).toBeInTheDocument();
    expect(api.backtestWorkflow).toHaveBeenCalledWith(
      'inst-figma',
      expect.objectContaining({ asOf: '2026-01-01' }),
    );
    expect(screen.getByLabelText('Or a day')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });
});
