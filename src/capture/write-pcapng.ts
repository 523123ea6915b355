// Writes a pcapng file (draft-ietf-opsawg-pcapng): one Section Header Block, one Interface
// Description Block per interface, one Enhanced Packet Block per packet, little-endian. Used when the
// packets to write come from interfaces with different link types, which classic pcap cannot hold.
// Also used when a time stamp does not fit pcap's 32-bit seconds. Every interface gets the finest
// if_tsresol (§4.2: 10^-k s) whose 64-bit counts hold every time stamp: 9 (nanoseconds) for any date
// before 2554, fewer digits only for the absurd dates some damaged or synthetic files carry.
import type { CaptureRecord } from './write-pcap';
import { DEFAULT_SNAPLEN } from './write-pcap';

export interface WriteInterface {
  linkType: number;
  snapLen: number;
  name?: string;
}

const SHB_TYPE = 0x0a0d0d0a;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;
const IDB_TYPE = 1;
const EPB_TYPE = 6;
const OPT_ENDOFOPT = 0;
const IF_NAME = 2;
const IF_TSRESOL = 9;

const pad4 = (n: number): number => (n + 3) & ~3;

/** Option list bytes: code, length, value padded to 32 bits, then opt_endofopt (§3.5). */
function options(list: [code: number, value: Uint8Array][]): Uint8Array {
  if (list.length === 0) return new Uint8Array(0);
  const size = list.reduce((n, [, v]) => n + 4 + pad4(v.length), 4);
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  let at = 0;
  for (const [code, v] of list) {
    dv.setUint16(at, code, true);
    dv.setUint16(at + 2, v.length, true);
    out.set(v, at + 4);
    at += 4 + pad4(v.length);
  }
  dv.setUint32(at, OPT_ENDOFOPT, true);
  return out;
}

/** A block: type, total length, body (padded), total length again (§3.1). */
function block(type: number, body: Uint8Array): Uint8Array {
  const len = 12 + pad4(body.length);
  const out = new Uint8Array(len);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, type, true);
  dv.setUint32(4, len, true);
  out.set(body, 8);
  dv.setUint32(len - 4, len, true);
  return out;
}

function sectionHeader(): Uint8Array {
  const body = new Uint8Array(16);
  const dv = new DataView(body.buffer);
  dv.setUint32(0, BYTE_ORDER_MAGIC, true);
  dv.setUint16(4, 1, true); // version 1.0
  dv.setUint16(6, 0, true);
  dv.setBigInt64(8, -1n, true); // section length not specified
  return block(SHB_TYPE, body);
}

function interfaceBlock(i: WriteInterface, longest: number, resol: number): Uint8Array {
  const opts: [number, Uint8Array][] = [];
  if (i.name) opts.push([IF_NAME, new TextEncoder().encode(i.name)]);
  opts.push([IF_TSRESOL, Uint8Array.of(resol)]);
  const o = options(opts);
  const body = new Uint8Array(8 + o.length);
  const dv = new DataView(body.buffer);
  dv.setUint16(0, i.linkType, true);
  dv.setUint32(4, Math.max(i.snapLen || DEFAULT_SNAPLEN, longest), true);
  body.set(o, 8);
  return block(IDB_TYPE, body);
}

const U64 = 1n << 64n;

/** Time stamp in units of 10^-resol s (sub-unit digits dropped), as the EPB's 64-bit count. */
function units(r: CaptureRecord, resol: number): bigint {
  const ns = BigInt(Math.trunc(r.sec)) * 1_000_000_000n + BigInt(r.ns);
  return ns / 10n ** BigInt(9 - resol);
}

/** The finest decimal resolution (9 = ns … 0 = s) at which every time stamp fits 64 bits. */
export function timeResolution(records: readonly CaptureRecord[]): number {
  const latest = records.reduce((m, r) => Math.max(m, r.sec), 0);
  let resol = 9;
  while (resol > 0 && BigInt(Math.trunc(latest) + 1) * 10n ** BigInt(resol) >= U64) resol--;
  return resol;
}

function packetBlock(r: CaptureRecord, resol: number): Uint8Array {
  const body = new Uint8Array(20 + pad4(r.bytes.length));
  const dv = new DataView(body.buffer);
  // Negative times (before 1970) cannot be written (the count is unsigned): they become 0.
  const ts = r.sec < 0 ? 0n : units(r, resol) % U64;
  dv.setUint32(0, r.iface ?? 0, true);
  dv.setUint32(4, Number(ts >> 32n), true);
  dv.setUint32(8, Number(ts & 0xffffffffn), true);
  dv.setUint32(12, r.bytes.length, true);
  dv.setUint32(16, Math.max(r.origLen, r.bytes.length), true);
  body.set(r.bytes, 20);
  return block(EPB_TYPE, body);
}

/** A pcapng file with `interfaces` (each record's `iface` indexes them) and `records` in order. */
export function writePcapng(
  records: readonly CaptureRecord[],
  interfaces: readonly WriteInterface[],
): Uint8Array {
  const longest = new Array<number>(interfaces.length).fill(0);
  for (const r of records) {
    const i = r.iface ?? 0;
    if (i >= interfaces.length)
      throw new RangeError(`record names interface ${i}, only ${interfaces.length} given`);
    longest[i] = Math.max(longest[i] ?? 0, r.bytes.length);
  }
  const resol = timeResolution(records);
  const parts = [sectionHeader(), ...interfaces.map((i, k) => interfaceBlock(i, longest[k] ?? 0, resol))];
  for (const r of records) parts.push(packetBlock(r, resol));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
