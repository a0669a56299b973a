import {
  alertApiRef,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { RecentlyTakenBack, TakenBack, takenWords } from './RecentlyTakenBack';

const figma: TakenBack = {
  actionId: 'a1',
  appName: 'Figma',
  action: 'deprovision',
  fromTierName: 'Editor',
  takenAt: '2026-11-20T10:00:00.000Z',
  automation: 'Figma license automation, rule “No sign-in for 90 days”',
  restoreUntil: '2026-12-20T10:00:00.000Z',
  restorable: true,
};
const miro: TakenBack = {
  ...figma,
  actionId: 'a2',
  appName: 'Miro',
  fromTierName: undefined,
  restorable: false,
  refusal:
    'The 30-day restore window ended on October 20, 2026; request Miro in Productiv Home: http://portal/productiv-home?tab=apps',
};

function apis(items: () => TakenBack[], onRestore: (id: string) => void) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    if (init?.method === 'POST') {
      onRestore(url.split('/').slice(-2)[0]);
      return new Response(JSON.stringify({ status: 'queued' }), {
        status: 200,
      });
    }
    return new Response(JSON.stringify({ items: items() }), { status: 200 });
  });
  return [
    [discoveryApiRef, { getBaseUrl: async () => 'http://home' }],
    [fetchApiRef, { fetch }],
    [alertApiRef, { post: jest.fn() }],
  ] as any;
}

describe('RecentlyTakenBack', () => {
  it('names what was taken', () => {
    expect(takenWords(figma)).toBe('Figma Editor removed');
    expect(
      takenWords({
        ...figma,
        action: 'downgrade',
        toTierName: 'Viewer',
      }),
    ).toBe('Figma moved from Editor to Viewer');
  });

  it('lists what automation took, by which rule, with Restore inside the window and what to do after it', async () => {
    const restored: string[] = [];
    const onRestored = jest.fn();
    await renderInTestApp(
      <TestApiProvider
        apis={apis(
          () =>
            restored.length
              ? [
                  {
                    ...figma,
                    restorable: false,
                    restore: { status: 'queued' },
                  },
                  miro,
                ]
              : [figma, miro],
          id => restored.push(id),
        )}
      >
        <RecentlyTakenBack onRestored={onRestored} />
      </TestApiProvider>,
    );
    expect(await screen.findByText('Recently taken back')).toBeInTheDocument();
    expect(
      screen.getAllByText(
        /By Figma license automation, rule “No sign-in for 90 days”/,
      ),
    ).toHaveLength(2);
    expect(
      screen.getByText(/request Miro in Productiv Home/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Restore my Miro license' }),
    ).not.toBeInTheDocument();
    fireEvent.click(
      screen.getByRole('button', { name: 'Restore my Figma license' }),
    );
    expect(await screen.findByText(/Being restored/)).toBeInTheDocument();
    expect(restored).toEqual(['a1']);
    expect(onRestored).toHaveBeenCalled();
  });

  it('shows nothing when nothing was taken', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={apis(
          () => [],
          () => {},
        )}
      >
        <RecentlyTakenBack />
      </TestApiProvider>,
    );
    expect(screen.queryByText('Recently taken back')).not.toBeInTheDocument();
  });
});
