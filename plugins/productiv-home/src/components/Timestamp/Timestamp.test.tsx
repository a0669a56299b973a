import { render, screen } from '@testing-library/react';
import { relativeTime, Timestamp } from './Timestamp';

describe('Timestamp', () => {
  const now = new Date('2026-12-02T12:00:00Z');

  it('says how long ago or how soon, in the largest whole unit', () => {
    expect(relativeTime(new Date('2026-12-02T11:59:40Z'), now)).toBe(
      'just now',
    );
    expect(relativeTime(new Date('2026-12-02T09:00:00Z'), now)).toBe(
      '3 hours ago',
    );
    expect(relativeTime(new Date('2026-12-04T12:00:00Z'), now)).toBe(
      'in 2 days',
    );
    expect(relativeTime(new Date('2026-11-01T12:00:00Z'), now)).toBe(
      'last month',
    );
  });

  it('shows no ISO text, keeps the machine time in the element', () => {
    render(<Timestamp value="2026-11-24T10:00:00.000Z" />);
    const el = screen.getByRole('time', { hidden: true }) as HTMLElement;
    expect(el.getAttribute('datetime')).toBe('2026-11-24T10:00:00.000Z');
    expect(el.textContent).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('says never when there is no time', () => {
    render(<Timestamp value={undefined} />);
    expect(screen.getByText('never')).toBeInTheDocument();
  });
});
