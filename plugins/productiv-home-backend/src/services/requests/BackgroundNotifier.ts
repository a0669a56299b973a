import { RequestNotifier } from './types';

type Message = Parameters<RequestNotifier['notify']>[0];

/**
 * Sends notifications after the caller has moved on, so that a request's
 * answer does not wait on the notifications backend. At most `concurrency`
 * are sent at once, so a burst of requests does not turn into a burst of
 * work that slows the requests down. Failures are logged; `drain` waits for
 * everything queued (at shutdown, and in tests).
 */
export class BackgroundNotifier implements RequestNotifier {
  private readonly queue: Message[] = [];
  private running = 0;
  private idle?: { promise: Promise<void>; resolve: () => void };

  constructor(
    private readonly deps: {
      notifier: RequestNotifier;
      logger: { warn(message: string, meta?: object): void };
      concurrency?: number;
    },
  ) {}

  async notify(message: Message) {
    this.queue.push(message);
    this.pump();
  }

  async drain(): Promise<void> {
    if (!this.running && !this.queue.length) return;
    if (!this.idle) {
      let resolve!: () => void;
      const promise = new Promise<void>(r => (resolve = r));
      this.idle = { promise, resolve };
    }
    await this.idle.promise;
  }

  private pump() {
    while (
      this.running < (this.deps.concurrency ?? 4) &&
      this.queue.length > 0
    ) {
      const message = this.queue.shift()!;
      this.running++;
      this.deps.notifier
        .notify(message)
        .catch(error =>
          this.deps.logger.warn('Could not send a request notification', {
            requestId: message.requestId,
            error: (error as Error).message,
          }),
        )
        .finally(() => {
          this.running--;
          this.pump();
          if (!this.running && !this.queue.length && this.idle) {
            this.idle.resolve();
            this.idle = undefined;
          }
        });
    }
  }
}
