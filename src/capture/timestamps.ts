// Record time stamps → whole seconds + nanoseconds, exactly, without BigInt on the common paths.

/** A time stamp being computed; each reader owns one and reuses it for every record. */
export class Timestamp {
  sec = 0;
  ns = 0;
}

const NS = 1_000_000_000;

/**
 * Classic pcap: `subsec` is the record's µs (or ns) field. Wireshark's libpcap_read_packet() sets
 * nsecs = ts_usec * 1000 in 32-bit int arithmetic (or nsecs = ts_usec for ns files) and never
 * normalizes it, so an out-of-range field (≥ 1 000 000 µs) still yields a definite time. We compute
 * that same instant, then carry it into whole seconds so `ns` stays in 0..999 999 999.
 * Returns false when the field was out of range.
 */
export function setPcapTime(t: Timestamp, sec: number, subsec: number, nano: boolean): boolean {
  const ns = nano ? subsec | 0 : Math.imul(subsec, 1000);
  t.sec = sec;
  t.ns = ns;
  if (ns < 0 || ns >= NS) {
    const carry = Math.floor(ns / NS);
    t.sec += carry;
    t.ns = ns - carry * NS;
  }
  return subsec < (nano ? NS : 1_000_000);
}

/** How an interface's 64-bit pcapng time stamps convert to seconds (pcapng draft §4.2, if_tsresol). */
export interface TickScale {
  /** Ticks per second when it divides 10^9 (fast path), else 0. */
  divisor: number;
  nsPerTick: number;
  /** Ticks per second for the BigInt path (any if_tsresol). */
  units: bigint;
  /** if_tsoffset: seconds added to every time stamp of the interface. */
  offsetSec: number;
}

const MAX_U64 = (1n << 64n) - 1n;

/**
 * if_tsresol: high bit clear = 10^-n s, set = 2^-n s; default 10^-6. As in Wireshark's
 * pcapng_read_if_descr_block(), exponents it cannot represent (2^64 and up, 10^20 and up) give
 * 2^64 - 1 ticks per second.
 */
export function tickScale(tsresol: number | undefined, offsetSec = 0): TickScale {
  const r = tsresol ?? 6;
  const base = r & 0x80 ? 2n : 10n;
  const exp = r & 0x7f;
  const units = (base === 2n && exp < 64) || (base === 10n && exp < 20) ? base ** BigInt(exp) : MAX_U64;
  const fast = units <= 1_000_000_000n && 1_000_000_000n % units === 0n;
  const divisor = fast ? Number(units) : 0;
  return { divisor, nsPerTick: fast ? NS / divisor : 0, units, offsetSec };
}

/** Sets `t` from the 64-bit tick count hi·2^32 + lo (pcapng EPB time stamp, upper and lower words). */
export function setTicksTime(t: Timestamp, hi: number, lo: number, s: TickScale): void {
  const d = s.divisor;
  if (d > 0 && hi < 0x100000) {
    // Fewer than 2^52 ticks (µs time stamps until the year 2112): one division in doubles. The
    // quotient q < 2^52 / d has an ulp of at most q·2^-52 <= 1/d, while a count short of a whole
    // second misses it by at least 1/d, so the rounded quotient never reaches the next second; and
    // sec·d <= ticks < 2^53 is exact.
    const ticks = hi * 4294967296 + lo;
    const sec = Math.floor(ticks / d);
    t.sec = sec + s.offsetSec;
    t.ns = (ticks - sec * d) * s.nsPerTick;
    return;
  }
  if (d > 0) {
    // Long division in 16-bit digits: every intermediate stays below 2^53, so it is exact.
    const q1 = Math.floor(hi / d);
    const x = (hi - q1 * d) * 65536 + (lo >>> 16);
    const q2 = Math.floor(x / d);
    const y = (x - q2 * d) * 65536 + (lo & 0xffff);
    const q3 = Math.floor(y / d);
    t.sec = q1 * 4294967296 + q2 * 65536 + q3 + s.offsetSec;
    t.ns = (y - q3 * d) * s.nsPerTick;
    return;
  }
  const ticks = (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
  const rem = ticks % s.units;
  t.sec = Number(ticks / s.units) + s.offsetSec;
  t.ns = Number((rem * 1_000_000_000n) / s.units);
}
