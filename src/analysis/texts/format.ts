// Number formatting shared by the language packs (digits are the same in both languages).

/** Seconds with a unit that suits the size: µs, ms or s. */
export function seconds(v: number): string {
  if (!Number.isFinite(v)) return '?';
  const a = Math.abs(v);
  if (a < 0.001) return `${(v * 1e6).toFixed(0)} µs`;
  if (a < 1) return `${(v * 1000).toFixed(a < 0.01 ? 2 : 1)} ms`;
  if (a < 10) return `${v.toFixed(3)} s`;
  if (a < 100) return `${v.toFixed(1)} s`;
  return `${v.toFixed(0)} s`;
}

/** A short list of stream numbers ("3, 4, 7 …" after `max`). */
export function streamList(streams: readonly number[], max = 8): string {
  const head = streams.slice(0, max).join(', ');
  return streams.length > max ? `${head} …` : head;
}

export function isNum(v: number): boolean {
  return Number.isFinite(v);
}
