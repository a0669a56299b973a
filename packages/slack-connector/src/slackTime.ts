const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * "2 November 2026 at 09:00 UTC"; undefined for a missing or unreadable time.
 *
 * @public
 */
export function readableTime(iso?: string): string | undefined {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? undefined : `${UTC_FORMAT.format(ms)} UTC`;
}

/**
 * A time in mrkdwn that Slack shows in the reader's own time zone ("today
 * at 9:00 AM"), with the UTC time for clients that cannot.
 *
 * @public
 */
export function slackTime(iso?: string): string | undefined {
  const readable = readableTime(iso);
  if (!readable) return undefined;
  const seconds = Math.floor(Date.parse(iso!) / 1000);
  return `<!date^${seconds}^{date_pretty} at {time}|${readable}>`;
}
