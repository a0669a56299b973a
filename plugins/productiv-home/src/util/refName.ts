/** The name part of an entity ref: `user:default/emma.jones` → `emma.jones`. */
export function refName(ref: string): string {
  return ref.slice(ref.indexOf('/') + 1);
}
