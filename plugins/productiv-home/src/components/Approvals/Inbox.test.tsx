import { ResponseError } from '@backstage/errors';
import { AccessRequest } from '@internal/plugin-productiv-home-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ProductivHomeApi } from '../../api';
import {
  CATALOG,
  errorBody,
  jsonResponse,
  pendingRequest,
  ref,
  renderWith,
  userEntity,
} from '../RequestPage/__testUtils__/fixtures';
import { Approvals } from './Approvals';

const emmas = pendingRequest('r-emma', 'emma.jones', 'olivia.chen');
const noahs = pendingRequest('r-noah', 'noah.kim', 'olivia.chen', {
  appKey: 'tableau_online',
  tier: 'explorer',
  justification: 'Quarterly dashboards',
});
const liams = pendingRequest('r-liam', 'liam.patel', 'olivia.chen', {
  tier: 'viewer',
  justification: 'Reading the design specs',
});

const entities = [
  userEntity('emma.jones', {
    title: 'Software Engineer',
    department: 'Engineering',
    manager: ref('olivia.chen'),
    team: 'group:default/platform-engineering',
  }),
  userEntity('liam.patel', { title: 'Product Manager' }),
];

const cardOf = (name: RegExp) =>
  screen
    .getAllByTestId('approval-card')
    .find(c => name.test(c.textContent ?? ''))!;

describe('Approvals inbox', () => {
  it('shows who asks: title, team and manager from the catalog, peer usage and the price', async () => {
    await renderWith(<Approvals />, {
      api: {
        listApprovals: async () => [emmas, noahs],
        listCatalog: async () => CATALOG,
      },
      viewer: ref('olivia.chen'),
      entities,
    });
    await waitFor(() =>
      expect(cardOf(/Emma Jones/)).toHaveTextContent(
        'Title: Software Engineer · Engineering',
      ),
    );
    const emma = within(cardOf(/Emma Jones/));
    expect(cardOf(/Emma Jones/)).toHaveTextContent(
      'Emma Jones requests Figma · Editor',
    );
    expect(
      emma.getByRole('link', { name: 'Platform Engineering' }),
    ).toHaveAttribute('href', '/catalog/default/group/platform-engineering');
    expect(emma.getByRole('link', { name: 'Olivia Chen' })).toHaveAttribute(
      'href',
      '/catalog/default/user/olivia.chen',
    );
    expect(cardOf(/Emma Jones/)).toHaveTextContent(
      'Peers: Figma was used by 4 on your teams, 2 with your title and 9 in your department in the last 30 days.',
    );
    expect(cardOf(/Emma Jones/)).toHaveTextContent(
      'Price: no price set for Editor',
    );
    expect(cardOf(/Emma Jones/)).toHaveTextContent(
      'Design reviews with the product team',
    );

    // Noah is not in the catalog; Tableau is used by nobody around.
    const noah = cardOf(/Noah Kim/);
    expect(noah).toHaveTextContent('Noah Kim requests Tableau · Explorer');
    expect(noah).toHaveTextContent('Title: not in the catalog');
    expect(noah).toHaveTextContent(
      'Nobody on your teams, with your title or in your department used Tableau in the last 30 days.',
    );

    // Every input has a name: the selections, the comments, select all.
    for (const input of [
      ...screen.getAllByRole('checkbox'),
      ...screen.getAllByRole('textbox'),
    ]) {
      expect(input).toHaveAccessibleName();
    }
    expect(
      screen.getByRole('checkbox', {
        name: 'Select Figma · Editor for Emma Jones',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText('Comment for the selected requests (optional)'),
    ).toBeInTheDocument();
    const text = document.body.textContent ?? '';
    expect(text).not.toMatch(
      /user:default|group:default|tableau_online|figma\b/,
    );
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('approves several at once with one comment after a confirmation; one refusal stays beside its request', async () => {
    let inbox: AccessRequest[] = [emmas, noahs, liams];
    const decisions: Array<{ id: string; decision: string; comment?: string }> =
      [];
    let releaseFirst: () => void = () => {};
    const firstHeld = new Promise<void>(r => {
      releaseFirst = r;
    });
    const api: Partial<ProductivHomeApi> = {
      listApprovals: async () => inbox,
      listCatalog: async () => CATALOG,
      decide: async (id, input) => {
        if (!decisions.length) await firstHeld;
        decisions.push({ id, ...input });
        if (id === noahs.id) {
          throw await ResponseError.fromResponse(
            jsonResponse(
              409,
              errorBody(
                409,
                'ConflictError',
                'Request r-noah is denied; there is nothing to decide',
              ),
            ),
          );
        }
        inbox = inbox.filter(r => r.id !== id);
        return { ...inbox[0], status: 'fulfilling' };
      },
    };
    const alerts: Array<{ message: string }> = [];
    await renderWith(<Approvals />, {
      api,
      viewer: ref('olivia.chen'),
      entities,
      alerts,
    });
    await screen.findAllByTestId('approval-card');
    expect(
      screen.getByRole('button', { name: 'Approve selected' }),
    ).toBeDisabled();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select all (3)' }),
    );
    expect(screen.getByText('3 requests selected')).toBeInTheDocument();
    await userEvent.type(
      screen.getByLabelText('Comment for the selected requests (optional)'),
      'Fine for Q3',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Approve selected' }),
    );

    const dialog = await screen.findByRole('dialog', {
      name: 'Approve 3 requests?',
    });
    expect(dialog).toHaveTextContent('Figma · Editor for Emma Jones');
    expect(dialog).toHaveTextContent('Tableau · Explorer for Noah Kim');
    expect(dialog).toHaveTextContent('Figma · Viewer for Liam Patel');
    expect(dialog).toHaveTextContent(
      'Each decision carries your comment: “Fine for Q3”.',
    );
    expect(decisions).toEqual([]);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve 3 requests' }),
    );

    // Progress while the first decision is under way.
    expect(await screen.findByText('Deciding 1 of 3…')).toBeInTheDocument();
    releaseFirst();

    const summary = await screen.findByTestId('bulk-summary');
    // The confirmation has closed (its exit hides the page from queries).
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(summary).toHaveTextContent(
      'Approved 2 requests; 1 request could not be decided',
    );
    // Each went through POST /requests/{id}/decision, with the one comment.
    expect(decisions).toEqual([
      { id: 'r-emma', decision: 'approved', comment: 'Fine for Q3' },
      { id: 'r-noah', decision: 'approved', comment: 'Fine for Q3' },
      { id: 'r-liam', decision: 'approved', comment: 'Fine for Q3' },
    ]);
    // The decided ones leave the inbox; the refused one stays, selected, with the reason beside it.
    await waitFor(() =>
      expect(screen.getAllByTestId('approval-card')).toHaveLength(1),
    );
    const noah = cardOf(/Noah Kim/);
    expect(within(noah).getByTestId('bulk-failure')).toHaveTextContent(
      'Not decided: Request r-noah is denied; there is nothing to decide',
    );
    expect(
      within(noah).getByRole('checkbox', {
        name: 'Select Tableau · Explorer for Noah Kim',
      }),
    ).toBeChecked();
    expect(
      screen.getByLabelText('Comment for the selected requests (optional)'),
    ).toHaveValue('Fine for Q3');
    expect(screen.getByText('1 request selected')).toBeInTheDocument();
    expect(alerts).toEqual([]);
    expect(document.body.textContent).not.toMatch(/409|Request failed/);
  });

  it('denies the selected ones and says so in a toast when all went through', async () => {
    let inbox: AccessRequest[] = [emmas, liams];
    const decisions: string[] = [];
    const alerts: Array<{ message: string }> = [];
    await renderWith(<Approvals />, {
      api: {
        listApprovals: async () => inbox,
        listCatalog: async () => CATALOG,
        decide: async (id, input) => {
          decisions.push(`${id} ${input.decision} ${input.comment ?? '-'}`);
          inbox = inbox.filter(r => r.id !== id);
          return { ...emmas, status: 'denied' };
        },
      },
      viewer: ref('olivia.chen'),
      alerts,
    });
    await userEvent.click(
      await screen.findByRole('checkbox', {
        name: 'Select Figma · Viewer for Liam Patel',
      }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Deny selected' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Deny 1 request?',
    });
    expect(dialog).toHaveTextContent('Without a comment.');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Deny 1 request' }),
    );
    await waitFor(() =>
      expect(alerts).toEqual([
        {
          message: 'Denied 1 request',
          severity: 'success',
          display: 'transient',
        },
      ]),
    );
    expect(decisions).toEqual(['r-liam denied -']);
    await waitFor(() =>
      expect(screen.getAllByTestId('approval-card')).toHaveLength(1),
    );
    expect(cardOf(/Emma Jones/)).toBeInTheDocument();
  });

  it("shows the server's reason beside a single decision that is refused", async () => {
    await renderWith(<Approvals />, {
      api: {
        listApprovals: async () => [emmas],
        listCatalog: async () => CATALOG,
        decide: async () => {
          throw await ResponseError.fromResponse(
            jsonResponse(
              403,
              errorBody(
                403,
                'NotAllowedError',
                'You are not an approver of request r-emma at level 1',
              ),
            ),
          );
        },
      },
      viewer: ref('olivia.chen'),
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Approve Figma · Editor for Emma Jones',
      }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Not decided: You are not an approver of request r-emma at level 1',
    );
  });
});
