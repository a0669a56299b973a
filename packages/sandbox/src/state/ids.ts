import { createHash } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * A stable id that looks like the vendor's: `prefix` followed by base62
 * characters derived from `key`, `length` characters in all (Okta ids are 20).
 */
export function stableId(prefix: string, key: string, length = 20): string {
  const digest = createHash('sha256').update(key).digest();
  let id = prefix;
  for (let i = 0; id.length < length; i++) {
    id += BASE62[digest[i % digest.length] % 62];
  }
  return id;
}

/** Small, fast, seeded PRNG (mulberry32): same seed, same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of a string, to derive seeds from names. */
export function hash32(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/** A unique, stable uuid for a System Log event's sequence number. */
export function eventUuid(seq: number): string {
  const mix = hash32(String(seq)).toString(16).padStart(8, '0');
  return `${mix}-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
}

/** The id of the AppUser (an app assignment) of a user on an app instance. */
export function appUserId(appId: string, userId: string): string {
  return stableId('0ua', `${appId}:${userId}`);
}
