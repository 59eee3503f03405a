/**
 * A small seeded generator (mulberry32): the engine's only source of chance, so the same seed
 * always gives the same run.
 * @param seed any 32-bit integer.
 * @returns a function giving numbers in [0, 1).
 * @example
 * const next = seededRandom(7);
 * next(); // same value on every machine for seed 7
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
