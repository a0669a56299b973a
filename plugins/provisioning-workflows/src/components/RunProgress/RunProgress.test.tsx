import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { screen, waitFor } from '@testing-library/react';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { fakeApi, run } from '../../testUtils/fakeApi';
import { RunProgress } from './RunProgress';

describe('RunProgress', () => {
  it('follows a run until it ends, with finished/total and counts per status', async () => {
    const api = fakeApi();
    const answers = [
      run({
        status: 'executing',
        total: 3,
        finished: 1,
        counts: { queued: 2, done: 1 },
      }),
      run({
        status: 'executing',
        total: 3,
        finished: 2,
        counts: { queued: 1, done: 1, failed: 1 },
      }),
      run({
        status: 'succeeded',
        total: 3,
        finished: 3,
        counts: { done: 2, failed: 1 },
      }),
    ];
    api.getWorkflowRun.mockImplementation(
      async () =>
        answers.shift() ??
        run({
          status: 'succeeded',
          total: 3,
          finished: 3,
          counts: { done: 2, failed: 1 },
        }),
    );
    const onFinished = jest.fn();
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <RunProgress run={run()} onFinished={onFinished} pollMs={20} />
      </TestApiProvider>,
    );
    // A loaded CI machine may take a while; what matters is the count of asks.
    await waitFor(
      () => expect(screen.getByText('Succeeded')).toBeInTheDocument(),
      { timeout: 5000 },
    );
    expect(screen.getByTestId('run-progress-count')).toHaveTextContent(
      '3/3 finished',
    );
    expect(screen.getByText('Done: 2')).toBeInTheDocument();
    expect(screen.getByText('Failed: 1')).toBeInTheDocument();
    expect(onFinished).toHaveBeenCalledTimes(1);
    expect(onFinished).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'succeeded' }),
    );
    const calls = api.getWorkflowRun.mock.calls.length;
    expect(calls).toBe(3);
    expect(api.getWorkflowRun).toHaveBeenCalledWith('run-1');
    // Nothing more is asked once the run has ended.
    await new Promise(r => setTimeout(r, 100));
    expect(api.getWorkflowRun).toHaveBeenCalledTimes(calls);
  });

  it('says when warned people have until, and keeps going after a failed poll', async () => {
    const api = fakeApi();
    api.getWorkflowRun
      .mockRejectedValueOnce(new Error('Network down'))
      .mockResolvedValue(
        run({
          status: 'waiting',
          total: 2,
          finished: 0,
          counts: { notified: 2 },
          deadline: '2026-12-01T10:00:00.000Z',
        }),
      );
    await renderInTestApp(
      <TestApiProvider apis={[[provisioningWorkflowsApiRef, api]]}>
        <RunProgress run={run()} pollMs={20} />
      </TestApiProvider>,
    );
    await waitFor(() =>
      expect(screen.getByText('Warned: 2')).toBeInTheDocument(),
    );
    const until = screen.getByText(/Warned people have until/);
    expect(until.querySelector('time')).toHaveAttribute(
      'dateTime',
      '2026-12-01T10:00:00.000Z',
    );
    expect(until).not.toHaveTextContent('2026-12-01');
    expect(screen.queryByText('Network down')).not.toBeInTheDocument();
  });
});
