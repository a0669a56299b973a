import { classifyError } from '@internal/durable-jobs';
import { checked } from './errors';

describe('checked', () => {
  // The shapes node-zendesk resolves with instead of throwing.
  it('turns a resolved 502 or 504 into a retryable error, not a success', () => {
    for (const status of [502, 504]) {
      let thrown: unknown;
      try {
        checked(
          { response: { status, headers: new Headers() }, result: {} },
          'Opening a ticket',
        );
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        status,
        message: `Opening a ticket: Zendesk answered ${status}`,
      });
      expect(classifyError(thrown).retryable).toBe(true);
    }
  });

  it('keeps Retry-After of a resolved 429, and passes good answers through', () => {
    let thrown: unknown;
    try {
      checked(
        {
          response: {
            status: 429,
            headers: new Headers({ 'retry-after': '7' }),
          },
          result: new Error('Zendesk rate limits 200 requests per minute'),
        },
        'Reading ticket 1',
      );
    } catch (error) {
      thrown = error;
    }
    expect(classifyError(thrown, Date.now())).toMatchObject({
      retryable: true,
      retryAfterMs: 7000,
    });
    expect(
      checked({ response: { status: 200 }, result: { id: 1 } }, 'Reading'),
    ).toEqual({ id: 1 });
  });
});
