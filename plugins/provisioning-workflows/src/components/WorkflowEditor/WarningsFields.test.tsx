import { renderInTestApp } from '@backstage/test-utils';
import { WorkflowNotifications } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { WarningsFields } from './WarningsFields';

async function renderFields(initial: WorkflowNotifications) {
  const changes: WorkflowNotifications[] = [];
  const Harness = () => {
    const [value, setValue] = useState(initial);
    return (
      <WarningsFields
        value={value}
        onChange={next => {
          changes.push(next);
          setValue(next);
        }}
      />
    );
  };
  await renderInTestApp(<Harness />);
  return { last: () => changes[changes.length - 1] };
}

describe('WarningsFields', () => {
  it('shows where people are warned and the reminder only once warnings are on', async () => {
    const { last } = await renderFields({
      enabled: false,
      daysBefore: 7,
      allowOptOut: true,
    });
    expect(screen.queryByLabelText('Where people are warned')).toBeNull();
    fireEvent.click(screen.getByLabelText('Warn people before the change'));
    // A saved workflow without the new fields reads as the defaults.
    expect(last()).toEqual({
      enabled: true,
      daysBefore: 7,
      allowOptOut: true,
      channel: 'default',
      remindBeforeHours: 24,
    });
    expect(
      screen.getByText(
        "Warnings always appear in the portal's notifications too.",
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByLabelText(
        'Remind those who have not answered (hours before the change)',
      ),
    ).toHaveValue(24);
  });

  it('picks Slack, e-mail or the portal only, and the reminder lead', async () => {
    const { last } = await renderFields({
      enabled: true,
      daysBefore: 7,
      allowOptOut: true,
      channel: 'default',
      remindBeforeHours: 24,
    });
    fireEvent.mouseDown(screen.getByLabelText('Where people are warned'));
    const options = within(screen.getByRole('listbox'));
    expect(options.getAllByRole('option').map(o => o.textContent)).toEqual([
      "Productiv's default channel",
      'Slack: a direct message with Keep my license',
      'E-mail: a mail with a Keep link',
      'The portal only',
    ]);
    fireEvent.click(
      options.getByText('Slack: a direct message with Keep my license'),
    );
    expect(last().channel).toBe('slack');
    fireEvent.change(
      screen.getByLabelText(
        'Remind those who have not answered (hours before the change)',
      ),
      { target: { value: '48' } },
    );
    expect(last()).toMatchObject({ channel: 'slack', remindBeforeHours: 48 });
  });
});
