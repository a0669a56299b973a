import { RequestExecutor } from '@okta/okta-sdk-nodejs';
import { AsyncLocalStorage } from 'node:async_hooks';

type RequestOptions = Parameters<RequestExecutor['fetch']>[0];

/**
 * The SDK's plain request executor (no retries of its own: retries belong to
 * the durable job, which survives restarts), plus two ways for a call to end:
 * a timeout per HTTP request, and the abort signal of the job it runs for.
 * The SDK has no per-call signal, so the signal travels with the async
 * context of {@link OktaRequestExecutor.withSignal}.
 *
 * @public
 */
export class OktaRequestExecutor extends RequestExecutor {
  private readonly signals = new AsyncLocalStorage<AbortSignal | undefined>();

  constructor(private readonly timeoutMs: number) {
    super();
  }

  /** Runs `fn` so that every Okta request it makes is aborted with `signal`. */
  withSignal<T>(signal: AbortSignal | undefined, fn: () => Promise<T>) {
    return this.signals.run(signal, fn);
  }

  fetch(request: RequestOptions) {
    // node-fetch v2 (the SDK's) takes `timeout` and `signal`, which the
    // SDK's types omit. It rejects with a "network timeout" FetchError or an
    // AbortError: the job runner retries both.
    const options: RequestOptions & {
      timeout: number;
      signal?: AbortSignal;
    } = {
      ...request,
      timeout: this.timeoutMs,
      signal: this.signals.getStore(),
    };
    return super.fetch(options);
  }
}
