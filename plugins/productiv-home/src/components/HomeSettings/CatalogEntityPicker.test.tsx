import { fireEvent, screen, within } from '@testing-library/react';
import { useState } from 'react';
import {
  axeProblems,
  DIRECTORY,
  directoryEntity,
  renderWith,
} from '../RequestPage/__testUtils__/fixtures';
import { catalogOption, CatalogEntityPicker } from './CatalogEntityPicker';

/** The picker with its value kept, as a form keeps it. */
const Form = (props: {
  kind: 'User' | 'Group';
  initial?: string[];
  single?: boolean;
  error?: string;
  onChange: (refs: string[]) => void;
}) => {
  const [refs, setRefs] = useState(props.initial ?? []);
  return (
    <CatalogEntityPicker
      id="picker"
      label={props.kind === 'User' ? 'Approvers' : 'Group'}
      kind={props.kind}
      single={props.single}
      error={props.error}
      value={refs}
      onChange={next => {
        setRefs(next);
        props.onChange(next);
      }}
    />
  );
};

/** Opens the list and types a search, as a person does. */
const search = (label: string, text: string) => {
  const input = screen.getByLabelText(label);
  fireEvent.mouseDown(input);
  fireEvent.change(input, { target: { value: text } });
};

describe('CatalogEntityPicker', () => {
  it('finds people by display name, shows their e-mail and stores their refs', async () => {
    const onChange = jest.fn();
    await renderWith(<Form kind="User" onChange={onChange} />, {
      api: {},
      catalog: DIRECTORY,
    });
    search('Approvers', 'priya');
    const listbox = await screen.findByRole('listbox');
    // Both Priyas, told apart by their e-mail; no one else, no refs.
    const options = await within(listbox).findAllByRole('option');
    expect(options.map(o => o.textContent)).toEqual([
      'Priya Shahpriya@example.com',
      'Priya Sharmapsharma@example.com',
    ]);
    expect(listbox).not.toHaveTextContent('user:default');
    fireEvent.click(within(listbox).getByText('Priya Shah'));
    expect(onChange).toHaveBeenLastCalledWith(['user:default/priya.shah']);

    search('Approvers', 'sofia');
    fireEvent.click(await screen.findByText('Sofia Garcia'));
    expect(onChange).toHaveBeenLastCalledWith([
      'user:default/priya.shah',
      'user:default/sofia.garcia',
    ]);
    // Picked people show as chips by name, never as refs.
    expect(screen.getByRole('button', { name: 'Priya Shah' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sofia Garcia' })).toBeVisible();
    expect(document.body).not.toHaveTextContent('user:default/');
    expect(await axeProblems()).toEqual([]);
  });

  it('lists only groups for a group, and keeps one pick when single', async () => {
    const onChange = jest.fn();
    await renderWith(
      <Form
        kind="Group"
        single
        initial={['group:default/it']}
        onChange={onChange}
      />,
      { api: {}, catalog: DIRECTORY },
    );
    // The stored ref shows by the group's display name.
    expect(screen.getByRole('button', { name: 'IT' })).toBeVisible();
    fireEvent.mouseDown(screen.getByLabelText('Group'));
    const listbox = await screen.findByRole('listbox');
    // IT is picked already: only the other group is offered, no people.
    expect(
      (await within(listbox).findAllByRole('option')).map(o => o.textContent),
    ).toEqual(['Marketingmarketing']);
    fireEvent.click(within(listbox).getByText('Marketing'));
    expect(onChange).toHaveBeenLastCalledWith(['group:default/marketing']);
    expect(
      screen.queryByRole('button', { name: 'IT' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Marketing' })).toBeVisible();
  });

  it('removes a pick, says when nothing matches, and shows its error beside the field', async () => {
    const onChange = jest.fn();
    await renderWith(
      <Form
        kind="User"
        initial={['user:default/alex.morgan']}
        error="Pick at least one person"
        onChange={onChange}
      />,
      { api: {}, catalog: DIRECTORY },
    );
    const input = screen.getByLabelText('Approvers');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAccessibleDescription('Pick at least one person');

    const chip = screen.getByRole('button', { name: 'Alex Morgan' });
    fireEvent.keyUp(chip, { key: 'Backspace' });
    expect(onChange).toHaveBeenLastCalledWith([]);

    search('Approvers', 'nobody');
    expect(
      await screen.findByText('No people match “nobody”'),
    ).toBeInTheDocument();
  });
});

describe('catalogOption', () => {
  it('names a person by profile, then title, then name', () => {
    expect(
      catalogOption(
        directoryEntity('User', 'priya.shah', 'Priya Shah', 'p@example.com'),
      ),
    ).toEqual({
      ref: 'user:default/priya.shah',
      title: 'Priya Shah',
      secondary: 'p@example.com',
    });
    expect(
      catalogOption({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'it', namespace: 'ops', title: 'IT support' },
        spec: {},
      }),
    ).toEqual({ ref: 'group:ops/it', title: 'IT support', secondary: 'it' });
    expect(
      catalogOption({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: 'bot' },
      }),
    ).toEqual({ ref: 'user:default/bot', title: 'bot' });
  });
});
