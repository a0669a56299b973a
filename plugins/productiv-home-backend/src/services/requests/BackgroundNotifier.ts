import { RequestNotifier } from './types';

/**
 * Sends notifications after the caller has moved on, so that a request's
 * answer does not wait on the notifications backend. Failures are logged;
 * `drain` waits for what is in flight (at shutdown, and in tests).
 */
export class BackgroundNotifier implements RequestNotifier {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly deps: {
      notifier: RequestNotifier;
      logger: { warn(message: string, meta?: object): void };
    },
  ) {}

  async notify(message: Parameters<RequestNotifier['notify']>[0]) {
    const sending = this.deps.notifier
      .notify(message)
      .catch(error =>
        this.deps.logger.warn('Could not send a request notification', {
          requestId: message.requestId,
          error: (error as Error).message,
        }),
      )
      .finally(() => this.inFlight.delete(sending));
    this.inFlight.add(sending);
  }

  async drain(): Promise<void> {
    while (this.inFlight.size) await Promise.all([...this.inFlight]);
  }
}
