import { ResponseError } from '@backstage/errors';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ProductivHomeApi } from '../../api';
import {
  axeProblems,
  errorBody,
  jsonResponse,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { checkIntake, IntakeDialog } from './IntakeDialog';

const refusal = (message: string) =>
  ResponseError.fromResponse(
    jsonResponse(400, errorBody(400, 'InputError', message)),
  );

const type = (label: string | RegExp, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** Sends the form and waits until it may be sent again. */
const send = async () => {
  const button = screen.getByRole('button', { name: 'Send request' });
  fireEvent.click(button);
  await waitFor(() => expect(button).toBeEnabled());
};

const NAME = /^App name/;
const URL_FIELD = 'Website (optional)';
const REASON = /^Why do you need it\?/;

describe('IntakeDialog', () => {
  it('marks the required fields and sends nothing while one is empty', async () => {
    const submitIntake = jest.fn();
    const onClose = jest.fn();
    await renderWith(<IntakeDialog onClose={onClose} />, {
      api: { submitIntake },
    });
    expect(screen.getByLabelText(NAME)).toBeRequired();
    expect(screen.getByLabelText(REASON)).toBeRequired();
    expect(screen.getByLabelText(URL_FIELD)).not.toBeRequired();

    await send();
    // A message beside each empty field, tied to it for screen readers.
    expect(screen.getByLabelText(NAME)).toHaveAccessibleDescription(
      'Name the app you need',
    );
    expect(screen.getByLabelText(NAME)).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(REASON)).toHaveAccessibleDescription(
      'Tell the approvers why you need it',
    );
    expect(screen.getByLabelText(URL_FIELD)).toHaveAttribute(
      'aria-invalid',
      'false',
    );
    expect(submitIntake).not.toHaveBeenCalled();
    expect(onClose).not.toHaveBeenCalled();
    // Every field labelled, its message tied to it; the dialog named.
    expect(await axeProblems()).toEqual([]);
    expect(
      screen.getByRole('dialog', { name: 'Ask for a new app' }),
    ).toBeVisible();

    // Fixing a field clears its message; a bad address is caught too.
    type(NAME, 'Gong');
    expect(screen.queryByText('Name the app you need')).not.toBeInTheDocument();
    type(URL_FIELD, 'gong');
    type(REASON, 'Call recordings for the sales team');
    await send();
    expect(
      screen.getByText('Give the full address, e.g. https://www.gong.io'),
    ).toBeInTheDocument();
    expect(submitIntake).not.toHaveBeenCalled();

    type(URL_FIELD, ' https://www.gong.io ');
    fireEvent.click(screen.getByRole('button', { name: 'Send request' }));
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(submitIntake).toHaveBeenCalledWith({
      name: 'Gong',
      url: 'https://www.gong.io',
      reason: 'Call recordings for the sales team',
    });
  });

  it("shows the server's field errors beside their fields, and the rest under the form", async () => {
    const answers = [
      refusal(
        'Invalid request: name: must not be blank, and at most 120 characters; url: must match format "uri"; body: must NOT have additional properties',
      ),
      refusal('Give the name of the app you need'),
    ];
    const submitIntake: ProductivHomeApi['submitIntake'] = async () => {
      throw await answers.shift();
    };
    const onClose = jest.fn();
    await renderWith(<IntakeDialog onClose={onClose} />, {
      api: { submitIntake },
    });
    type(NAME, 'x'.repeat(130));
    type(URL_FIELD, 'https://gong.io');
    type(REASON, 'Sales calls');
    await send();
    await waitFor(() =>
      expect(screen.getByLabelText(NAME)).toHaveAccessibleDescription(
        'must not be blank, and at most 120 characters',
      ),
    );
    expect(screen.getByLabelText(URL_FIELD)).toHaveAccessibleDescription(
      'must match format "uri"',
    );
    // The reason was fine: it keeps its hint.
    expect(screen.getByLabelText(REASON)).toHaveAccessibleDescription(
      'Your approvers read this',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'body: must NOT have additional properties',
    );

    // A refusal naming no field is said under the form, never as a status.
    await send();
    await waitFor(() =>
      expect(screen.getByRole('alert')).toHaveTextContent(
        'Give the name of the app you need',
      ),
    );
    expect(screen.queryByText(/Request failed/)).not.toBeInTheDocument();
    expect(onClose).not.toHaveBeenCalled();
  });
});

describe('checkIntake', () => {
  it('needs a name and a reason; a website is optional but must be an address', () => {
    expect(checkIntake({ name: ' ', url: '', reason: '\n' })).toEqual({
      name: 'Name the app you need',
      reason: 'Tell the approvers why you need it',
    });
    expect(
      checkIntake({ name: 'Gong', url: 'ftp://gong.io', reason: 'Calls' }),
    ).toEqual({ url: 'Give the full address, e.g. https://www.gong.io' });
    expect(
      checkIntake({ name: 'Gong', url: 'http://gong.io/x', reason: 'Calls' }),
    ).toEqual({});
  });
});
