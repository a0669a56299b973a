/**
 * The mail connector shared by the backend plugins: the SMTP transport of
 * `connectors.email`, SMTP failures read as retryable or final, stable
 * Message-IDs, and the pages behind single-use links.
 *
 * @packageDocumentation
 */

export {
  createMailTransport,
  MailNotSent,
  mailFailure,
  stableMessageId,
} from './smtp';
export {
  escapeHtml,
  LINK_PAGE_HEADERS,
  linkPage,
  postBackForm,
} from './linkPages';
