/**
 * Escapes text for HTML content and attribute values.
 *
 * @public
 */
export function escapeHtml(value: string): string {
  const entities: Record<string, string> = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
  };
  return value.replace(/[&<>"']/g, c => entities[c]);
}

/**
 * Headers for the pages behind links in mails: the URL holds a token, so
 * they are never cached, indexed or sent as a referrer; they run no
 * scripts, cannot be framed (no clickjacked button), and their forms only
 * post back to this origin.
 *
 * @public
 */
export const LINK_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/**
 * A small standalone page (links in mails open outside the portal); `body`
 * is HTML, escape what it quotes.
 *
 * @public
 */
export function linkPage(title: string, body: string): string {
  const t = escapeHtml(title);
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width"><meta name="robots" content="noindex">',
    `<title>${t}</title>`,
    '<style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}button{font-size:1em;padding:.5em 1.5em}</style>',
    `</head><body><h1>${t}</h1>${body}</body></html>`,
  ].join('');
}

/**
 * A form that POSTs back to the page's own URL, with `fields` hidden (the
 * POST checks them against what the link's token was issued for) and one
 * button. Only the POST acts: mail scanners follow links, not forms.
 *
 * @public
 */
export function postBackForm(
  fields: Record<string, string>,
  button: string,
): string {
  const hidden = Object.entries(fields)
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(
          value,
        )}">`,
    )
    .join('');
  return `<form method="post">${hidden}<p><button type="submit">${escapeHtml(
    button,
  )}</button></p></form>`;
}
