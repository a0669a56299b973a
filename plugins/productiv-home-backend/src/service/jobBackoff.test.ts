import { mockServices } from '@backstage/backend-test-utils';
import { jobBackoff } from './jobBackoff';

const config = (retry?: object) =>
  mockServices.rootConfig({ data: { productivHome: { jobs: { retry } } } });

describe('jobBackoff', () => {
  it('keeps the durable jobs’ defaults when nothing is configured', () => {
    expect(jobBackoff(mockServices.rootConfig())).toEqual({});
    expect(jobBackoff(config({}))).toEqual({});
  });

  it('reads the first and the longest delay in seconds', () => {
    expect(
      jobBackoff(config({ firstDelaySeconds: 0.5, maxDelaySeconds: 4 })),
    ).toEqual({ baseMs: 500, maxMs: 4000 });
    expect(jobBackoff(config({ maxDelaySeconds: 60 }))).toEqual({
      maxMs: 60_000,
    });
  });

  it('refuses delays that would retry in a tight loop or never grow', () => {
    expect(() => jobBackoff(config({ firstDelaySeconds: 0 }))).toThrow(
      'productivHome.jobs.retry.firstDelaySeconds must be more than 0 seconds, got 0',
    );
    expect(() => jobBackoff(config({ maxDelaySeconds: -1 }))).toThrow(
      /maxDelaySeconds must be more than 0/,
    );
    expect(() =>
      jobBackoff(config({ firstDelaySeconds: 10, maxDelaySeconds: 5 })),
    ).toThrow(
      'productivHome.jobs.retry.firstDelaySeconds (10) must not be longer than maxDelaySeconds (5)',
    );
  });
});
