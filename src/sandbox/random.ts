// Deterministic pseudo-randomness: every seeded id and value is derived from a fixed seed so the
// sandbox serves the same data on every run (tests and docs can name ids).

export type Rng = () => number;

/** mulberry32: tiny, fast and good enough for fixture data. */
export function rngFrom(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a, to seed a generator from a string (e.g. an execution id). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';

function pick(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

/** Lowercase letters and digits, as in execution id suffixes. */
export function randomAlnum(rng: Rng, length: number): string {
  return pick(rng, LOWER_ALNUM, length);
}

/** Lowercase letters only, as in the documented step id suffix `lwofay`. */
export function randomLower(rng: Rng, length: number): string {
  return pick(rng, LOWER, length);
}
