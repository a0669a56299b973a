const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/** Escapes text for HTML content and attribute values. */
export const text = escape;

/**
 * Headers of the link pages: never cached or indexed, no referrer (the URL
 * holds the token), no scripts, no framing (so the button cannot be
 * clickjacked), and forms only post back here.
 */
export const PAGE_HEADERS: Record<string, string> = {
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
};

/** A small standalone page (the links are opened outside the portal). */
export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><meta name="robots" content="noindex"><title>${escape(
    title,
  )}</title><style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}button{font-size:1em;padding:.5em 1.5em}</style></head><body><h1>${escape(
    title,
  )}</h1>${body}</body></html>`;
}

/**
 * The confirmation form. It posts back to the same URL with the token and
 * what it does as hidden fields, which the POST checks against the token.
 */
export function confirmationForm(options: {
  token: string;
  fields: Record<string, string>;
  comment: boolean;
  button: string;
}): string {
  const hidden = Object.entries({ token: options.token, ...options.fields })
    .map(
      ([name, value]) =>
        `<input type="hidden" name="${escape(name)}" value="${escape(value)}">`,
    )
    .join('');
  const comment = options.comment
    ? '<p><label>Comment (optional)<br><textarea name="comment" rows="3" cols="40" maxlength="4000"></textarea></label></p>'
    : '';
  return `<form method="post">${hidden}${comment}<p><button type="submit">${escape(
    options.button,
  )}</button></p></form>`;
}

/** The mail's two links, as HTML and text. */
export function decisionMail(options: {
  intro: string;
  details: Array<[string, string | undefined]>;
  approveUrl: string;
  denyUrl: string;
  link: string;
  expiresHours: number;
}) {
  const rows = options.details.filter(([, v]) => v);
  return {
    text: [
      options.intro,
      '',
      ...rows.map(([k, v]) => `${k}: ${v}`),
      '',
      `Approve: ${options.approveUrl}`,
      `Deny: ${options.denyUrl}`,
      '',
      `Each link opens a page where you confirm. They work once and for ${options.expiresHours} hours. In the portal: ${options.link}`,
    ].join('\n'),
    html: `<p>${escape(options.intro)}</p><table>${rows
      .map(
        ([k, v]) =>
          `<tr><th align="left">${escape(k)}</th><td>${escape(v!)}</td></tr>`,
      )
      .join('')}</table><p><a href="${escape(
      options.approveUrl,
    )}">Approve</a> &nbsp; <a href="${escape(
      options.denyUrl,
    )}">Deny</a></p><p>Each link opens a page where you confirm. They work once and for ${
      options.expiresHours
    } hours. <a href="${escape(options.link)}">Open it in the portal</a>.</p>`,
  };
}
