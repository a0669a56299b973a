import { DefaultRequestExecutor } from '@okta/okta-sdk-nodejs';

/**
 * The Okta SDK's request executor (which retries 429s after X-Rate-Limit-Reset)
 * plus pacing: when a response says that fewer than `reserve` of the window's
 * calls remain, the next calls wait for the window to reset, so that the org's
 * budget is not spent down to a 429 (other integrations share it).
 */
export class PacedRequestExecutor extends DefaultRequestExecutor {
  private pausedUntil = 0;
  /** How many times and how long calls waited for a rate-limit window. */
  readonly pacing = { waits: 0, waitedMs: 0 };

  constructor(options: {
    maxRetries: number;
    requestTimeoutMs: number;
    reserve?: number;
  }) {
    super({
      maxRetries: options.maxRetries,
      requestTimeout: options.requestTimeoutMs,
    });
    const reserve = options.reserve ?? 0.1;
    this.on(
      'response',
      (response: {
        headers: { get(name: string): string | null };
        status: number;
      }) => {
        const limit = Number(response.headers.get('x-rate-limit-limit'));
        const remaining = Number(
          response.headers.get('x-rate-limit-remaining'),
        );
        const reset = Number(response.headers.get('x-rate-limit-reset'));
        if (
          !limit ||
          !Number.isFinite(remaining) ||
          !reset ||
          response.status === 429
        )
          return;
        if (remaining <= Math.max(1, Math.floor(limit * reserve))) {
          this.pausedUntil = Math.max(this.pausedUntil, reset * 1000);
        }
      },
    );
  }

  async fetch(request: any): Promise<any> {
    const wait = this.pausedUntil - Date.now();
    if (wait > 0) {
      this.pacing.waits++;
      this.pacing.waitedMs += wait;
      await new Promise(resolve => setTimeout(resolve, wait));
    }
    return super.fetch(request);
  }
}
