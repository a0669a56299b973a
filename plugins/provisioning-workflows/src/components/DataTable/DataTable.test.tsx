import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { DataTable } from './DataTable';

describe('DataTable', () => {
  it('has one control per header: no drag handle around sort buttons, none on a column without a title', async () => {
    const { container } = await renderInTestApp(
      <DataTable
        title="People"
        columns={[
          { title: 'Name', field: 'name' },
          { title: '', render: () => <button type="button">Open</button> },
        ]}
        data={[{ name: 'Emma Jones' }]}
      />,
    );
    expect(container.querySelector('[data-rbd-draggable-id]')).toBeNull();
    const headers = screen.getAllByRole('columnheader');
    expect(within(headers[0]).getAllByRole('button')).toHaveLength(1);
    expect(within(headers[1]).queryAllByRole('button')).toHaveLength(0);
    expect(screen.getByText('Emma Jones')).toBeInTheDocument();
  });
});
