/** Operations over a context, with the context bound: what a store offers. */
export type Bound<C, T> = {
  [K in keyof T]: T[K] extends (ctx: C, ...args: infer A) => infer R
    ? (...args: A) => R
    : never;
};

/** A store of `operations` on one context (its database and collaborators). */
export function bindOperations<
  C,
  T extends Record<string, (ctx: C, ...args: any[]) => unknown>,
>(ctx: C, operations: T): Bound<C, T> {
  const store: Record<string, unknown> = {};
  for (const [name, op] of Object.entries(operations)) {
    store[name] = (...args: unknown[]) => op(ctx, ...args);
  }
  return store as Bound<C, T>;
}
