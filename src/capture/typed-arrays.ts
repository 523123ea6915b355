// Growing and trimming typed-array columns: every table in the pipeline (packets, endpoint pairs,
// record index, per-packet flow columns, HTTP messages, the diagnosis's message log) keeps its
// columns in typed arrays that grow as rows arrive and are cut to length at the end.

export type TypedColumn =
  | Float64Array
  | Uint32Array
  | Int32Array
  | Uint16Array
  | Int16Array
  | Uint8Array
  | Int8Array;

/** A new array of `length` elements of `a`'s type holding `a`'s first elements (zeros after them). */
export function resizedCopy<T extends TypedColumn>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a.length <= length ? a : a.subarray(0, length));
  return b;
}

/**
 * `a` at `length` elements. Shrinking by at most `slack` (a fraction of a's length) gives a view of
 * a's own buffer instead of a copy: copying a whole column costs more than that unused tail.
 */
export function resizedOrView<T extends TypedColumn>(a: T, length: number, slack: number): T {
  if (length === a.length) return a;
  if (length < a.length && a.length - length <= a.length * slack) return a.subarray(0, length) as T;
  return resizedCopy(a, length);
}
