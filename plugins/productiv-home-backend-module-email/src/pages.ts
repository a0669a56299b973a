const escape = (s: string) =>
  s.replace(
    /[&<>"']/g,
    c =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        c
      ]!),
  );

/** A small standalone page (the links are opened outside the portal). */
export function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escape(
    title,
  )}</title><style>body{font-family:sans-serif;max-width:36em;margin:3em auto;padding:0 1em}button{font-size:1em;padding:.5em 1.5em}</style></head><body><h1>${escape(
    title,
  )}</h1>${body}</body></html>`;
}

export const text = escape;

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
      `The links work once and for ${options.expiresHours} hours. In the portal: ${options.link}`,
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
    )}">Deny</a></p><p>The links work once and for ${
      options.expiresHours
    } hours. <a href="${escape(options.link)}">Open it in the portal</a>.</p>`,
  };
}
