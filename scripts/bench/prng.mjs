// Seeded pseudo-random numbers for the benchmark generator: the same seed gives the same capture,
// byte for byte, on every machine. sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, as in
// PractRand) is fast in plain JavaScript (32-bit integer ops only) and passes BigCrush.

/** Hashes a string seed to four 32-bit words (cyrb128). */
function seedWords(seed) {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < seed.length; i++) {
    const k = seed.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0];
}

/** A generator object: `next()` in [0, 1), `u32()`, `int(n)` in [0, n), `range(a, b)` in [a, b]. */
export function createRng(seed) {
  let [a, b, c, d] = seedWords(String(seed));
  const u32 = () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // Warm up: the first outputs of sfc32 are correlated with the seed words.
  for (let i = 0; i < 15; i++) u32();
  const next = () => u32() / 4294967296;
  return {
    u32,
    next,
    int: (n) => Math.floor(next() * n),
    range: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    /** Log-uniform integer in [lo, hi]: sizes spread evenly over orders of magnitude. */
    logRange: (lo, hi) => Math.min(hi, Math.floor(lo * (hi / lo) ** next())),
    chance: (p) => next() < p,
  };
}
