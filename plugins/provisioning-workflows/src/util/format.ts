/** A whole currency amount per month, e.g. "$1,240/mo". */
export function money(amount: number): string {
  return `$${amount.toLocaleString('en-US', {
    minimumFractionDigits: 0,
    maximumFractionDigits: 2,
  })}`;
}
