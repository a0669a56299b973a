import { renderInTestApp } from '@backstage/test-utils';
import { WorkflowRule } from '@internal/plugin-provisioning-workflows-common';
import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import { RuleEditor } from './RuleEditor';

const never: WorkflowRule = {
  name: 'Never used',
  condition: { type: 'neverSignedIn', days: 60 },
  outcome: { action: 'deprovision' },
};
const idle: WorkflowRule = {
  name: 'Idle',
  condition: { type: 'noSignIn', days: 30 },
  outcome: { action: 'downgrade', toTier: 'viewer' },
};

/** The editor with its state, as the set-up page holds it. */
async function renderEditor(
  rules: WorkflowRule[],
  tiers = ['viewer', 'editor', 'admin'],
) {
  const changes: WorkflowRule[][] = [];
  const Harness = () => {
    const [current, setCurrent] = useState(rules);
    return (
      <RuleEditor
        rules={current}
        tiers={tiers}
        onChange={next => {
          changes.push(next);
          setCurrent(next);
        }}
      />
    );
  };
  await renderInTestApp(<Harness />);
  return { last: () => changes[changes.length - 1] };
}

const rule = (n: number) =>
  within(screen.getByRole('group', { name: `Rule ${n}` }));

describe('RuleEditor', () => {
  it('shows each rule with its condition and outcome', async () => {
    await renderEditor([never, idle]);
    expect(rule(1).getByLabelText('Name (optional)')).toHaveValue('Never used');
    expect(rule(1).getByLabelText('Condition')).toHaveValue('neverSignedIn');
    expect(rule(1).getByLabelText('Days (N)')).toHaveValue(60);
    expect(rule(1).getByLabelText('Outcome')).toHaveValue('deprovision');
    expect(
      rule(1).queryByLabelText('Downgrade to tier'),
    ).not.toBeInTheDocument();
    expect(rule(2).getByLabelText('Outcome')).toHaveValue('downgrade');
    expect(rule(2).getByLabelText('Downgrade to tier')).toHaveValue('viewer');
  });

  it('moves rules up and down, first and last cannot move further', async () => {
    const { last } = await renderEditor([never, idle]);
    expect(
      screen.getByRole('button', { name: 'Move rule 1 up' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Move rule 2 down' }),
    ).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 1 down' }));
    expect(last().map(r => r.name)).toEqual(['Idle', 'Never used']);
    expect(rule(1).getByLabelText('Name (optional)')).toHaveValue('Idle');
    fireEvent.click(screen.getByRole('button', { name: 'Move rule 2 up' }));
    expect(last().map(r => r.name)).toEqual(['Never used', 'Idle']);
  });

  it('adds and removes rules', async () => {
    const { last } = await renderEditor([never]);
    fireEvent.click(screen.getByRole('button', { name: 'Add rule' }));
    expect(last()).toHaveLength(2);
    expect(last()[1]).toEqual({
      name: '',
      condition: { type: 'noSignIn', days: 90 },
      outcome: { action: 'deprovision' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Remove rule 1' }));
    expect(last()).toHaveLength(1);
    expect(last()[0].condition).toEqual({ type: 'noSignIn', days: 90 });
    expect(
      screen.queryByRole('group', { name: 'Rule 2' }),
    ).not.toBeInTheDocument();
  });

  it('asks for K sign-ins only for the few-sign-ins condition and keeps the days', async () => {
    const { last } = await renderEditor([never]);
    expect(rule(1).queryByLabelText('Sign-ins (K)')).not.toBeInTheDocument();
    fireEvent.change(rule(1).getByLabelText('Condition'), {
      target: { value: 'fewSignIns' },
    });
    expect(last()[0].condition).toEqual({
      type: 'fewSignIns',
      days: 60,
      signIns: 3,
    });
    fireEvent.change(rule(1).getByLabelText('Sign-ins (K)'), {
      target: { value: '5' },
    });
    fireEvent.change(rule(1).getByLabelText('Days (N)'), {
      target: { value: '45' },
    });
    expect(last()[0].condition).toEqual({
      type: 'fewSignIns',
      days: 45,
      signIns: 5,
    });
    fireEvent.change(rule(1).getByLabelText('Condition'), {
      target: { value: 'noSignIn' },
    });
    expect(last()[0].condition).toEqual({ type: 'noSignIn', days: 45 });
  });

  it('downgrades only to tiers below the highest, and marks suggestions', async () => {
    const { last } = await renderEditor([never]);
    fireEvent.change(rule(1).getByLabelText('Outcome'), {
      target: { value: 'downgrade' },
    });
    expect(last()[0].outcome).toEqual({
      action: 'downgrade',
      toTier: 'viewer',
    });
    const options = within(rule(1).getByLabelText('Downgrade to tier'))
      .getAllByRole('option')
      .map(o => o.textContent);
    // Tiers by name; the option values stay the keys.
    expect(options).toEqual(['Viewer', 'Editor']);
    fireEvent.change(rule(1).getByLabelText('Downgrade to tier'), {
      target: { value: 'editor' },
    });
    fireEvent.click(rule(1).getByLabelText(/Suggest only/));
    expect(last()[0].outcome).toEqual({
      action: 'downgrade',
      toTier: 'editor',
      suggestOnly: true,
    });
    fireEvent.change(rule(1).getByLabelText('Outcome'), {
      target: { value: 'deprovision' },
    });
    expect(last()[0].outcome).toEqual({
      action: 'deprovision',
      suggestOnly: true,
    });
  });

  it('filters on tiers in the order of the instance', async () => {
    const { last } = await renderEditor([never]);
    fireEvent.click(rule(1).getByLabelText('Admin'));
    fireEvent.click(rule(1).getByLabelText('Viewer'));
    expect(last()[0].tiers).toEqual(['viewer', 'admin']);
    fireEvent.click(rule(1).getByLabelText('Admin'));
    expect(last()[0].tiers).toEqual(['viewer']);
  });

  it('offers no downgrade for an instance with a single tier', async () => {
    await renderEditor([never], ['member']);
    const downgrade = within(rule(1).getByLabelText('Outcome')).getByRole(
      'option',
      {
        name: 'Downgrade to a lower tier',
      },
    );
    expect(downgrade).toBeDisabled();
  });
});
