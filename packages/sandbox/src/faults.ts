import express from 'express';
import { seededRandom } from './state/ids';

export type ServiceName = 'okta' | 'slack' | 'jira' | 'zendesk' | 'smtp';
export const SERVICES: ServiceName[] = [
  'okta',
  'slack',
  'jira',
  'zendesk',
  'smtp',
];

/**
 * Shares of calls that fail, per service. Each is between 0 and 1. For SMTP
 * a call is one mail (its DATA), and both failures are transient `451`
 * replies, as SMTP's 5xx means "never retry" where HTTP's 500 does not.
 */
export type FaultSettings = {
  /** Answered 429 with the service's rate-limit headers; SMTP: `451 4.7.1`. */
  rate429: number;
  /** Answered 500; SMTP: `451 4.3.0`. */
  rate500: number;
  /** Delayed by `delayMs` before being answered (past a client's timeout). */
  delayRate: number;
  delayMs: number;
  /**
   * When set, the shares and delays apply only to calls whose path contains
   * one of these (e.g. `chat.postMessage`; for SMTP, a recipient address
   * such as `it-desk@`); other calls go through.
   */
  paths?: string[];
};

/** What happens to one call. */
export type FaultOutcome =
  | { kind: 'pass' }
  | { kind: '429' }
  | { kind: '500' }
  | { kind: 'delay'; ms: number };

export type FaultCounters = {
  calls: number;
  injected429: number;
  injected500: number;
  delayed: number;
};

const NO_FAULTS: FaultSettings = {
  rate429: 0,
  rate500: 0,
  delayRate: 0,
  delayMs: 0,
};

/** Fault switches and counters per service; the draws are seeded, so runs repeat. */
export class Faults {
  private readonly settings = new Map<ServiceName, FaultSettings>();
  private readonly counters = new Map<ServiceName, FaultCounters>();
  private random = seededRandom(7);
  /** Calls still to fail on purpose, per service, before the shares apply. */
  private readonly queued = new Map<ServiceName, Array<'429' | '500'>>();

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const s of SERVICES) {
      this.settings.set(s, { ...NO_FAULTS });
      this.counters.set(s, {
        calls: 0,
        injected429: 0,
        injected500: 0,
        delayed: 0,
      });
      this.queued.set(s, []);
    }
    this.random = seededRandom(7);
  }

  get(service: ServiceName): FaultSettings {
    return { ...this.settings.get(service)! };
  }

  stats(service: ServiceName): FaultCounters {
    return { ...this.counters.get(service)! };
  }

  set(service: ServiceName, update: Partial<FaultSettings>): FaultSettings {
    const next = { ...this.settings.get(service)!, ...update };
    for (const key of ['rate429', 'rate500', 'delayRate'] as const) {
      const v = next[key];
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) {
        throw new RangeError(
          `${key} must be a number between 0 and 1, got ${JSON.stringify(v)}`,
        );
      }
    }
    if (
      next.paths !== undefined &&
      !(
        Array.isArray(next.paths) &&
        next.paths.every(p => typeof p === 'string' && p.length > 0)
      )
    ) {
      throw new RangeError(
        `paths must be a list of non-empty strings, got ${JSON.stringify(
          next.paths,
        )}`,
      );
    }
    if (
      typeof next.delayMs !== 'number' ||
      !(next.delayMs >= 0 && next.delayMs <= 600_000)
    ) {
      throw new RangeError(
        `delayMs must be between 0 and 600000, got ${JSON.stringify(
          next.delayMs,
        )}`,
      );
    }
    this.settings.set(service, next);
    return { ...next };
  }

  /** Makes the next `count` calls to a service fail with `status`, whatever the shares. */
  failNext(
    service: ServiceName,
    count: number,
    status: '429' | '500' = '429',
  ): void {
    if (!Number.isInteger(count) || count < 0 || count > 10_000) {
      throw new RangeError(
        `count must be a whole number from 0 to 10000, got ${JSON.stringify(
          count,
        )}`,
      );
    }
    this.queued.get(service)!.push(...Array(count).fill(status));
  }

  /**
   * Decides the fate of one call to a service (counted): a failure queued
   * by `failNext`, else the shares' draw. `target` is what `paths` match
   * (an HTTP path, or an SMTP mail's recipients).
   */
  decide(service: ServiceName, target: string): FaultOutcome {
    const s = this.settings.get(service)!;
    const c = this.counters.get(service)!;
    c.calls++;
    let outcome = this.queued.get(service)!.shift();
    if (!outcome && s.paths && !s.paths.some(p => target.includes(p))) {
      return { kind: 'pass' };
    }
    if (!outcome) {
      const draw = this.random();
      if (draw < s.rate429) outcome = '429';
      else if (draw < s.rate429 + s.rate500) outcome = '500';
    }
    if (outcome === '429') {
      c.injected429++;
      return { kind: '429' };
    }
    if (outcome === '500') {
      c.injected500++;
      return { kind: '500' };
    }
    if (s.delayRate > 0 && this.random() < s.delayRate) {
      c.delayed++;
      return { kind: 'delay', ms: s.delayMs };
    }
    return { kind: 'pass' };
  }

  /**
   * Express middleware deciding the fate of a call. `tooMany` answers a 429
   * the way the service does (its headers and body).
   */
  middleware(
    service: ServiceName,
    tooMany: (res: express.Response) => void,
    serverError: (res: express.Response) => void,
  ): express.RequestHandler {
    return (req, res, next) => {
      const outcome = this.decide(service, req.path);
      if (outcome.kind === '429') tooMany(res);
      else if (outcome.kind === '500') serverError(res);
      else if (outcome.kind === 'delay') setTimeout(next, outcome.ms);
      else next();
    };
  }
}
