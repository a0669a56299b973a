import { RequestEvent } from '@internal/plugin-productiv-home-common';
import { screen, within } from '@testing-library/react';
import { ref, renderWith } from '../RequestPage/__testUtils__/fixtures';
import { ByLine } from './ByLine';

const event = (e: Partial<RequestEvent>): RequestEvent => ({
  at: '2026-11-02T09:00:00Z',
  actor: ref('olivia.chen'),
  type: 'approved',
  status: 'pending_approval',
  ...e,
});

/** A history line: what happened, then who did it. */
const line = (e: RequestEvent) => (
  <p data-testid="line">
    {e.type}
    <ByLine event={e} />
  </p>
);

describe('ByLine', () => {
  it('names who decided by catalog display name, linked to their page', async () => {
    await renderWith(line(event({})), { api: {} });
    const shown = screen.getByTestId('line');
    expect(shown).toHaveTextContent(/^approved by Olivia Chen$/);
    expect(
      within(shown).getByRole('link', { name: 'Olivia Chen' }),
    ).toHaveAttribute('href', '/catalog/default/user/olivia.chen');
    expect(shown.textContent).not.toContain('olivia.chen');
  });

  it('names the admin and the people and groups they decided for', async () => {
    await renderWith(
      line(
        event({
          actor: ref('alex.morgan'),
          onBehalfOf: [
            ref('olivia.chen'),
            'group:default/platform-engineering',
          ],
        }),
      ),
      { api: {} },
    );
    const shown = screen.getByTestId('line');
    expect(shown).toHaveTextContent(
      /^approved by Alex Morgan on behalf of Olivia Chen and Platform Engineering$/,
    );
    expect(
      within(shown)
        .getAllByRole('link')
        .map(a => a.getAttribute('href')),
    ).toEqual([
      '/catalog/default/user/alex.morgan',
      '/catalog/default/user/olivia.chen',
      '/catalog/default/group/platform-engineering',
    ]);
    expect(shown.textContent).not.toMatch(/user:|group:|alex\.morgan/);
  });

  it('says nothing of who for what the system did', async () => {
    await renderWith(line(event({ actor: 'system', type: 'fulfilled' })), {
      api: {},
    });
    expect(screen.getByTestId('line')).toHaveTextContent(/^fulfilled$/);
    expect(screen.queryByRole('link')).not.toBeInTheDocument();
  });
});
