// A read-only array whose elements are built the first time they are read. The page receives flows,
// per-flow diagnoses and findings as typed-array columns (flow-transfer.ts, diagnosis-transfer.ts)
// and only ever looks at a handful of them (the flow view shows one connection); building every
// object when the capture arrives is what used to block the main thread for half a second on a 1 GB
// capture. A Proxy keeps the plain `T[]` type the analysis code expects (the Markdown and Mermaid
// exports iterate the flows), so callers cannot tell the difference except in speed; an element,
// once built, is cached and the same object is returned on every later read.
// No eval, no code generation: a Proxy is allowed by the page's Content-Security-Policy.

/** The array index a property key names, or -1 (only canonical integer strings are indexes). */
function indexOfKey(key: string | symbol, length: number): number {
  if (typeof key !== 'string' || key.length === 0) return -1;
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57) return -1;
  const n = Number(key);
  return Number.isInteger(n) && n < length && String(n) === key ? n : -1;
}

function refuse(): boolean {
  throw new TypeError('this array is read-only');
}

export function lazyArray<T>(length: number, build: (index: number) => T): T[] {
  const cache = new Array<T>(length);
  const built = new Uint8Array(length);
  const element = (i: number): T => {
    if (built[i] === 0) {
      cache[i] = build(i);
      built[i] = 1;
    }
    return cache[i] as T;
  };
  return new Proxy(cache, {
    get(target, key, receiver) {
      const i = indexOfKey(key, length);
      return i >= 0 ? element(i) : Reflect.get(target, key, receiver);
    },
    has(target, key) {
      return indexOfKey(key, length) >= 0 || Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const i = indexOfKey(key, length);
      if (i < 0) return Reflect.getOwnPropertyDescriptor(target, key);
      element(i);
      return Reflect.getOwnPropertyDescriptor(target, key);
    },
    ownKeys(target) {
      for (let i = 0; i < length; i++) element(i);
      return Reflect.ownKeys(target);
    },
    set: refuse,
    deleteProperty: refuse,
    defineProperty: refuse,
  });
}
