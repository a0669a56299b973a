import { TestApiProvider } from '@backstage/test-utils';
import { SignalApi, signalApiRef } from '@backstage/plugin-signals-react';
import { act, renderHook } from '@testing-library/react';
import { ReactNode } from 'react';
import { PRODUCTIV_HOME_SIGNALS_CHANNEL } from '@internal/plugin-productiv-home-common';
import { LiveRefreshOptions, useLiveRefresh } from './useLiveRefresh';
import { useRequestUpdates } from './useRequestUpdates';

type Message = { id: string };

/** A signals API whose messages the test sends. */
function fakeSignals() {
  const subscribers = new Map<string, Set<(m: any) => void>>();
  const api: SignalApi = {
    subscribe(channel, onMessage) {
      const set = subscribers.get(channel) ?? new Set();
      set.add(onMessage);
      subscribers.set(channel, set);
      return { unsubscribe: () => set.delete(onMessage) };
    },
  };
  const send = (channel: string, message: Message) =>
    act(() => subscribers.get(channel)?.forEach(s => s(message)));
  return { api, send, subscribers };
}

function render(
  options: LiveRefreshOptions<Message>,
  signals?: SignalApi,
  refresh = jest.fn(),
) {
  const wrapper = ({ children }: { children: ReactNode }) =>
    signals ? (
      <TestApiProvider apis={[[signalApiRef, signals]]}>
        {children}
      </TestApiProvider>
    ) : (
      <TestApiProvider apis={[]}>{children}</TestApiProvider>
    );
  const hook = renderHook(
    (props: LiveRefreshOptions<Message>) =>
      useLiveRefresh('productiv-home:requests', refresh, props),
    { wrapper, initialProps: options },
  );
  return { refresh, hook };
}

const wait = (ms: number) => act(() => jest.advanceTimersByTimeAsync(ms));

describe('useLiveRefresh', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('with signals, refreshes on each matching signal and never on an interval', async () => {
    const signals = fakeSignals();
    const { refresh, hook } = render(
      { fallbackMs: 2000, matches: m => m.id === 'request-1' },
      signals.api,
    );
    expect(hook.result.current.live).toBe(true);
    await wait(20_000);
    expect(refresh).not.toHaveBeenCalled();

    signals.send('productiv-home:requests', { id: 'request-1' });
    expect(refresh).toHaveBeenCalledTimes(1);
    // Another run's signal, or another channel's, is not about this page.
    signals.send('productiv-home:requests', { id: 'request-2' });
    signals.send('productiv-home:other', { id: 'request-1' });
    expect(refresh).toHaveBeenCalledTimes(1);
    signals.send('productiv-home:requests', { id: 'request-1' });
    expect(refresh).toHaveBeenCalledTimes(2);
    await wait(20_000);
    expect(refresh).toHaveBeenCalledTimes(2);

    hook.unmount();
    expect(signals.subscribers.get('productiv-home:requests')?.size).toBe(0);
  });

  it('with signals, catches up once after the page starts following', async () => {
    const signals = fakeSignals();
    const { refresh } = render(
      { fallbackMs: 2000, catchUpMs: 1500 },
      signals.api,
    );
    await wait(1499);
    expect(refresh).not.toHaveBeenCalled();
    await wait(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    await wait(30_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('without signals, polls at the fallback while poll is on, one ask at a time', async () => {
    let answer: () => void = () => {};
    const refresh = jest.fn(
      () =>
        new Promise<void>(resolve => {
          answer = resolve;
        }),
    );
    const { hook } = render({ fallbackMs: 2000 }, undefined, refresh);
    expect(hook.result.current.live).toBe(false);
    await wait(1999);
    expect(refresh).toHaveBeenCalledTimes(0);
    await wait(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    // A slow answer: no second ask until it comes, then 2 s later.
    await wait(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await act(async () => answer());
    await wait(2000);
    expect(refresh).toHaveBeenCalledTimes(2);
    await act(async () => answer());
    await wait(2000);
    expect(refresh).toHaveBeenCalledTimes(3);

    // Nothing changing: no asks.
    hook.rerender({ fallbackMs: 2000, poll: false });
    await act(async () => answer());
    await wait(20_000);
    expect(refresh).toHaveBeenCalledTimes(3);
  });

  it('without signals, keeps polling after a failed refresh', async () => {
    const refresh = jest
      .fn()
      .mockRejectedValueOnce(new Error('Network down'))
      .mockResolvedValue(undefined);
    render({ fallbackMs: 500 }, undefined, refresh);
    await wait(1600);
    expect(refresh).toHaveBeenCalledTimes(3);
  });
});

describe('useRequestUpdates', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const renderUpdates = (signals?: SignalApi) => {
    const refresh = jest.fn();
    renderHook(() => useRequestUpdates(refresh), {
      wrapper: ({ children }: { children: ReactNode }) =>
        signals ? (
          <TestApiProvider apis={[[signalApiRef, signals]]}>
            {children}
          </TestApiProvider>
        ) : (
          <TestApiProvider apis={[]}>{children}</TestApiProvider>
        ),
    });
    return refresh;
  };

  it('with signals, refreshes on a request signal and does not poll every 10 s', async () => {
    const signals = fakeSignals();
    const refresh = renderUpdates(signals.api);
    await wait(60_000);
    expect(refresh).not.toHaveBeenCalled();
    signals.send(PRODUCTIV_HOME_SIGNALS_CHANNEL, { id: 'request-1' });
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('without signals, polls every 10 s', async () => {
    const refresh = renderUpdates();
    await wait(9_999);
    expect(refresh).not.toHaveBeenCalled();
    await wait(20_001);
    expect(refresh).toHaveBeenCalledTimes(3);
  });
});
