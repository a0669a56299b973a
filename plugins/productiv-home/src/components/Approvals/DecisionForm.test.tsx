import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { axeProblems } from '../RequestPage/__testUtils__/fixtures';
import { DecisionForm } from './DecisionForm';

describe('DecisionForm', () => {
  it('labels its comment field visibly, and sends what is typed', async () => {
    const onDecide = jest.fn(async () => {});
    const { container } = render(<DecisionForm onDecide={onDecide} />);
    const comment = screen.getByLabelText('Comment (optional)');
    // The label is a visible <label> tied to the field, not a placeholder.
    const label = container.querySelector(`label[for="${comment.id}"]`);
    expect(label).toHaveTextContent('Comment (optional)');
    expect(label).toBeVisible();
    expect(comment.id).toMatch(/^[\w-]+$/);
    expect(await axeProblems(container)).toEqual([]);

    fireEvent.change(comment, { target: { value: ' ok for Q3 ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(onDecide).toHaveBeenCalledWith('approved', 'ok for Q3'),
    );
  });

  it('takes the label it is given', () => {
    render(
      <DecisionForm
        commentLabel="Note to the requester"
        onDecide={jest.fn()}
      />,
    );
    expect(screen.getByLabelText('Note to the requester')).toBeVisible();
  });
});
