/**
 * Runs the tests of the enclosing `describe` with NODE_ENV=production, as
 * a deployed backend: Backstage's error middleware then leaves stack traces
 * out of error bodies. Start the backend after this (in a later beforeAll).
 */
export function inProduction() {
  const saved = process.env.NODE_ENV;
  beforeAll(() => {
    process.env.NODE_ENV = 'production';
  });
  afterAll(() => {
    process.env.NODE_ENV = saved;
  });
}
