/**
 * Tells the job worker that a change queued jobs, so they run at once
 * rather than at the next scheduled drain. The worker is built from the job
 * handlers, which call the request use cases, so it listens here once built
 * instead of being passed to them.
 */
export class JobsQueued {
  private readonly listeners: Array<() => void> = [];

  readonly notify = (): void => {
    for (const listener of this.listeners) listener();
  };

  listen(listener: () => void): void {
    this.listeners.push(listener);
  }
}
