import { ResponseError } from '@backstage/errors';
import { HomeApp } from '@internal/plugin-productiv-home-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import {
  axeProblems,
  DIRECTORY,
  errorBody,
  jsonResponse,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { AppConfigDialog } from './AppConfigDialog';

const miro: HomeApp = {
  appKey: 'miro',
  name: 'Miro',
  description: '',
  category: 'Other',
  tiers: ['member'],
  owners: [],
  approval: { required: 'everyone', exceptGroups: [], levels: [] },
  fulfillment: 'ticket',
};

const choose = (label: string, option: string | RegExp) => {
  fireEvent.mouseDown(
    screen.getByRole('button', { name: new RegExp(`^${label}`) }),
  );
  fireEvent.click(within(screen.getByRole('listbox')).getByText(option));
};

const save = async () => {
  const button = screen.getByRole('button', { name: 'Save' });
  fireEvent.click(button);
  await waitFor(() => expect(button).toBeEnabled());
};

const render = (onSave: (app: HomeApp) => Promise<void>, initial = miro) =>
  renderWith(
    <AppConfigDialog
      initial={initial}
      automaticAvailable={false}
      defaultRules={{ escalation: { afterDays: 3, to: 'fallback' } }}
      onSave={onSave}
      onClose={() => {}}
    />,
    { api: {}, catalog: DIRECTORY },
  );

describe('AppConfigDialog overdue requests', () => {
  it('follows the default settings unless the app sets its own', async () => {
    const onSave = jest.fn(async (_: HomeApp) => {});
    await render(onSave);
    expect(
      screen.getByRole('button', {
        name: /^Escalate approvals nobody decided to/,
      }),
    ).toHaveTextContent(
      'As in the default settings (the fallback approver after 3 days)',
    );
    expect(screen.queryByLabelText(/^Escalate after/)).not.toBeInTheDocument();
    expect(
      screen.getByLabelText(/^Close requests still pending/),
    ).toHaveAccessibleDescription(
      'Empty: as in the default settings (30 days)',
    );
    await save();
    expect(onSave).toHaveBeenCalledTimes(1);
    expect(onSave.mock.calls[0][0]).not.toHaveProperty('escalation');
    expect(onSave.mock.calls[0][0]).not.toHaveProperty('expiry');
  });

  it("checks the app's own escalation and expiry beside each field, and saves them", async () => {
    const onSave = jest.fn(async (_: HomeApp) => {});
    await render(onSave);
    choose('Escalate approvals nobody decided to', "Each approver's manager");
    // Starts from the usual 3 days.
    expect(screen.getByLabelText(/^Escalate after/)).toHaveValue('3');
    fireEvent.change(screen.getByLabelText(/^Escalate after/), {
      target: { value: '0' },
    });
    fireEvent.change(screen.getByLabelText(/^Close requests still pending/), {
      target: { value: 'a month' },
    });
    await save();
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).toHaveAccessibleDescription(
      'Days are a number above 0 and at most 365, e.g. 3',
    );
    expect(
      screen.getByLabelText(/^Close requests still pending/),
    ).toHaveAccessibleDescription(
      'Days are a number above 0 and at most 365, e.g. 3',
    );
    expect(onSave).not.toHaveBeenCalled();
    expect(await axeProblems()).toEqual([]);

    fireEvent.change(screen.getByLabelText(/^Escalate after/), {
      target: { value: '2' },
    });
    // Editing a field clears its message.
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).not.toHaveAccessibleDescription(/Days are a number/);
    fireEvent.change(screen.getByLabelText(/^Close requests still pending/), {
      target: { value: '10' },
    });
    await save();
    expect(onSave.mock.calls[0][0]).toMatchObject({
      escalation: { afterDays: 2, to: 'manager' },
      expiry: { afterDays: 10 },
    });
  });

  it("shows an app's saved rules and puts the server's refusal beside the field", async () => {
    const onSave = jest.fn(async () => {
      throw await ResponseError.fromResponse(
        jsonResponse(
          400,
          errorBody(
            400,
            'InputError',
            'Invalid request: escalation.afterDays: must be a number of days above 0 and at most 365',
          ),
        ),
      );
    });
    await render(onSave, {
      ...miro,
      escalation: { afterDays: 5, to: 'fallback' },
      expiry: { afterDays: 20 },
    });
    expect(
      screen.getByRole('button', {
        name: /^Escalate approvals nobody decided to/,
      }),
    ).toHaveTextContent('The fallback approver');
    expect(screen.getByLabelText(/^Escalate after/)).toHaveValue('5');
    expect(screen.getByLabelText(/^Close requests still pending/)).toHaveValue(
      '20',
    );
    await save();
    expect(
      screen.getByLabelText(/^Escalate after/),
    ).toHaveAccessibleDescription(
      'must be a number of days above 0 and at most 365',
    );
  });
});
