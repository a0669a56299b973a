const UTC_FORMAT = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/**
 * A time as messages say it, "2 November 2026 at 09:00 UTC": people read
 * it, so neither ISO nor HTTP dates. The reader's time zone is not known.
 */
export function readableTime(iso: string): string {
  return `${UTC_FORMAT.format(Date.parse(iso))} UTC`;
}
