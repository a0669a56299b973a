import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  bucketOf,
  RateLimitPacer,
  RateLimitPacerOptions,
  sleep,
} from './RateLimitPacer';

type RequestOptions = Parameters<RequestExecutor['fetch']>[0];
type Response = Awaited<ReturnType<RequestExecutor['fetch']>>;

/**
 * Options of {@link OktaRequestExecutor}.
 *
 * @public
 */
export type OktaRequestExecutorOptions = {
  /** Longest wait for one HTTP request. Default 15 seconds. */
  requestTimeoutMs?: number;
  /**
   * How many times a read (GET) answered 429 is sent again after the
   * rate-limit reset. Default 0. Writes are never sent again: a job that
   * makes them retries the whole step, so a change is never repeated
   * behind its back.
   */
  readRetries?: number;
  /** Rate-limit pacing. */
  pacing?: RateLimitPacerOptions;
};

/**
 * The request executor of every Okta client: no retries of its own (except
 * reads, when asked, see {@link OktaRequestExecutorOptions.readRetries}),
 * pacing from Okta's rate-limit headers ({@link RateLimitPacer}), a timeout
 * per HTTP request, and the abort signal of the job a call runs for. The SDK
 * has no per-call signal, so the signal travels with the async context of
 * {@link OktaRequestExecutor.withSignal}; it also ends a wait for a turn.
 *
 * @public
 */
export class OktaRequestExecutor extends RequestExecutor {
  readonly pacer: RateLimitPacer;
  private readonly signals = new AsyncLocalStorage<AbortSignal | undefined>();
  private readonly timeoutMs: number;
  private readonly readRetries: number;

  constructor(options: OktaRequestExecutorOptions = {}) {
    super();
    this.timeoutMs = options.requestTimeoutMs ?? 15_000;
    this.readRetries = options.readRetries ?? 0;
    this.pacer = new RateLimitPacer(options.pacing);
  }

  /** Runs `fn` so that every Okta request it makes is aborted with `signal`. */
  withSignal<T>(signal: AbortSignal | undefined, fn: () => Promise<T>) {
    return this.signals.run(signal, fn);
  }

  async fetch(request: RequestOptions): Promise<Response> {
    const signal = this.signals.getStore();
    const method = (request as { method?: string }).method ?? 'GET';
    const isRead = method.toUpperCase() === 'GET';
    for (let attempt = 0; ; attempt++) {
      const response = await this.send(request, signal);
      if (response.status !== 429 || !isRead || attempt >= this.readRetries) {
        return response;
      }
      const reset = Number(response.headers.get('x-rate-limit-reset'));
      await sleep(
        reset > 0 ? Math.min(reset * 1000 - Date.now() + 100, 60_000) : 1000,
        signal,
      );
    }
  }

  private async send(
    request: RequestOptions,
    signal: AbortSignal | undefined,
  ): Promise<Response> {
    const answered = await this.pacer.acquire(bucketOf(request.url!), signal);
    // node-fetch v2 (the SDK's) takes `timeout` and `signal`, which the
    // SDK's types omit. It rejects with a "network timeout" FetchError or an
    // AbortError: job runners retry both.
    const options: RequestOptions & {
      timeout: number;
      signal?: AbortSignal;
    } = { ...request, timeout: this.timeoutMs, signal };
    try {
      const response = await super.fetch(options);
      answered(response);
      return response;
    } catch (error) {
      answered();
      throw error;
    }
  }
}
