/** Calls `get` until `done` holds for its answer, for 30 s at most. */
export async function until<T>(
  get: () => Promise<T>,
  done: (t: T) => boolean,
): Promise<T> {
  let last = await get();
  for (let i = 0; i < 600 && !done(last); i++) {
    await new Promise(r => setTimeout(r, 50));
    last = await get();
  }
  return last;
}
