// The fuzz campaign's cases: case `index` of a seed is a list of mutations (testing/mutate.ts) of
// one corpus file, a chunk size, and — when the mutation certainly breaks one record — where the
// reader must stop. Indices below `sweep.length` truncate files at every record boundary ± 1; the
// rest are random mutations drawn from (seed, index), so every case can be replayed alone.
import { type Field, type Mutation, mustBeNoticed } from '../../capture/testing/mutate';
import { type Rng, rngFor } from './fuzz-rng';
import type { FuzzSubject } from './fuzz-subjects';

export const MUTATION_KINDS = [
  'truncate-boundary',
  'truncate-random',
  'bit-flip',
  'header-bytes',
  'http-text',
  'timestamps',
  'length-zero',
  'length-huge',
  'length-negative',
  'length-random',
  'type-swap',
  'section-header-repeat',
  'interface-id-out-of-range',
  'snaplen-4g',
  'block-length-2^31',
  'option-overrun',
  'section-length-huge',
  'splice-files',
  'splice-random',
  'compressed-damage',
  'stacked',
] as const;

export type MutationKind = (typeof MUTATION_KINDS)[number];

/** What a case's single, certain damage obliges the reader to do. */
export type Expectation =
  /** Stop at the record starting here, keep every frame before it, warn with frame and offset. */
  | { stopAt: number }
  /** Refuse the file (CaptureError): the damage is inside its header. */
  | { refused: true };

export interface FuzzCase {
  index: number;
  subject: number;
  kind: MutationKind;
  mutations: Mutation[];
  /** The mutations damage the stored (compressed) file rather than the capture inside it. */
  onStored: boolean;
  /** Gzip the damaged capture before reading it (through the streamed decompression). */
  gzip: boolean;
  chunkSize: number;
  expect?: Expectation;
}

export interface SweepEntry {
  subject: number;
  length: number;
}

/** Files up to this size are truncated at every boundary ± 1; larger ones at an even sample. */
const SWEEP_ALL_BELOW = 64 * 1024;
/** Bytes read per larger file in its sweep (about 8 MB: a few seconds). */
const SWEEP_BYTES = 8 * 1024 * 1024;
const CHUNK_SIZES = [7, 13, 64, 509, 4096, 65536, 1 << 24];
const PCAPNG_TYPES = [0x0a0d0d0a, 1, 2, 3, 4, 5, 6, 0x0a, 0x0bad, 0x40000bad, 9, 0x204, 0, 0xffffffff];
const LINK_TYPES = [0, 1, 9, 12, 14, 101, 105, 108, 113, 127, 189, 228, 229, 231, 276, 0xffff, 0x3fffff];
const HUGE = [0x7fffffff, 0x7ffffff0, 0x08020020, 0x08020024, 0x00ffffff, 262145, 0x10000];
const NEGATIVE = [0xffffffff, 0x80000000, 0xfffffffc, 0xfffffff0, 0xffff0000];
const LENGTH_ROLES = new Set(['caplen', 'origlen', 'length', 'trailer']);

/** Truncations at every record boundary ± 1 (files above SWEEP_ALL_BELOW: an even sample). */
export function sweepCases(subjects: FuzzSubject[]): SweepEntry[] {
  const out: SweepEntry[] = [];
  subjects.forEach((s, subject) => {
    const bounds = s.layout.boundaries;
    const n = s.bytes.length;
    const keep = n <= SWEEP_ALL_BELOW ? bounds.length : Math.max(8, Math.floor(SWEEP_BYTES / n / 3));
    const step = Math.max(1, bounds.length / keep);
    const seen = new Set<number>();
    for (let k = 0; k < bounds.length; k += step) {
      const b = bounds[Math.floor(k)] ?? 0;
      for (const length of [b - 1, b, b + 1]) {
        if (length < 0 || length > n || seen.has(length)) continue;
        seen.add(length);
        out.push({ subject, length });
      }
    }
  });
  return out;
}

export function makeCase(
  subjects: FuzzSubject[],
  sweep: SweepEntry[],
  seed: number,
  index: number,
): FuzzCase {
  const rng = rngFor(seed, index);
  const swept = sweep[index];
  if (swept) {
    const s = subjects[swept.subject]!;
    const m: Mutation = { kind: 'truncate', length: swept.length };
    return {
      index,
      subject: swept.subject,
      kind: 'truncate-boundary',
      mutations: [m],
      onStored: false,
      gzip: s.compression === 'gzip' && index % 8 === 0,
      chunkSize: chunkSize(rng, s),
      ...expectation(s, m),
    };
  }
  const subject = rng.int(0, subjects.length - 1);
  const s = subjects[subject]!;
  const kind = rng.pick(kindsFor(s));
  const mutations: Mutation[] =
    kind === 'stacked'
      ? Array.from({ length: rng.int(2, 3) }, () => mutate(rng, subjects, s, rng.pick(singleKinds(s)))).flat()
      : mutate(rng, subjects, s, kind);
  const onStored = kind === 'compressed-damage';
  // Re-gzipping sends the damage through the streamed decompression; it is slow (the gzip reader
  // waits on timers), so a minority of cases do it.
  const gzip = !onStored && rng.chance(s.compression === 'gzip' ? 0.3 : 0.03);
  const c: FuzzCase = { index, subject, kind, mutations, onStored, gzip, chunkSize: 0 };
  c.chunkSize = chunkSize(rng, s);
  const [only] = c.mutations;
  if (c.mutations.length === 1 && only && !onStored) Object.assign(c, expectation(s, only, kind));
  return c;
}

function chunkSize(rng: Rng, s: FuzzSubject): number {
  // Tiny chunks make records straddle chunk boundaries; keep their number per file reasonable.
  const fit = CHUNK_SIZES.filter((c) => c * 4000 >= s.bytes.length);
  return rng.pick(fit.length > 0 ? fit : [1 << 24]);
}

/** Per subject, computed once: the kinds that apply to it and its time stamp fields. */
const cache = new WeakMap<FuzzSubject, { all: MutationKind[]; single: MutationKind[]; times: TimeField[] }>();

function cached(s: FuzzSubject) {
  let c = cache.get(s);
  if (!c) {
    const times = findTimeFields(s);
    const single = applicableKinds(s, times.length > 0);
    c = { all: allKinds(s, single), single, times };
    cache.set(s, c);
  }
  return c;
}

const kindsFor = (s: FuzzSubject): MutationKind[] => cached(s).all;
const singleKinds = (s: FuzzSubject): MutationKind[] => cached(s).single;
const timeFields = (s: FuzzSubject): TimeField[] => cached(s).times;

function allKinds(s: FuzzSubject, single: MutationKind[]): MutationKind[] {
  const kinds = [...single];
  if (s.layout.format !== 'other') kinds.push('stacked');
  if (s.compression !== null) kinds.push('compressed-damage');
  return kinds;
}

function applicableKinds(s: FuzzSubject, hasTimes: boolean): MutationKind[] {
  if (s.layout.format === 'other') return ['bit-flip', 'truncate-random', 'splice-random', 'splice-files'];
  const kinds: MutationKind[] = ['truncate-boundary', 'truncate-random', 'bit-flip', 'type-swap'];
  kinds.push('section-header-repeat', 'splice-files', 'splice-random', 'header-bytes');
  if (s.spots.http.length > 0) kinds.push('http-text');
  if (hasTimes) kinds.push('timestamps');
  if (lengthFields(s).length > 0)
    kinds.push('length-zero', 'length-huge', 'length-negative', 'length-random', 'block-length-2^31');
  if (s.spots.snapLens.length > 0) kinds.push('snaplen-4g');
  if (s.spots.interfaceIds.length > 0) kinds.push('interface-id-out-of-range');
  if (s.spots.options.length > 0) kinds.push('option-overrun');
  if (s.spots.blocks.some((b) => b.type === 0x0a0d0d0a)) kinds.push('section-length-huge');
  return kinds;
}

const lengthFields = (s: FuzzSubject): Field[] => s.layout.fields.filter((f) => LENGTH_ROLES.has(f.role));

function mutate(rng: Rng, subjects: FuzzSubject[], s: FuzzSubject, kind: MutationKind): Mutation[] {
  const n = s.bytes.length;
  const bounds = s.layout.boundaries.length > 0 ? s.layout.boundaries : [0];
  switch (kind) {
    case 'truncate-boundary':
      return [{ kind: 'truncate', length: clamp(rng.pick(bounds) + rng.int(-1, 1), 0, n) }];
    case 'truncate-random':
      return [{ kind: 'truncate', length: rng.int(0, Math.max(0, n - 1)) }];
    case 'bit-flip':
      return [bitFlips(rng, n, bounds)];
    case 'header-bytes':
      return [headerBytes(rng, s, bounds)];
    case 'http-text':
      return [httpText(rng, s, bounds)];
    case 'timestamps':
      return timestamps(rng, s);
    case 'length-zero':
    case 'length-huge':
    case 'length-negative':
    case 'length-random':
      return [lengthMutation(rng, s, kind)];
    case 'block-length-2^31':
      return blockLength(rng, s);
    case 'type-swap':
      return typeSwap(rng, s);
    case 'section-header-repeat':
      return [repeatHeader(rng, s, bounds)];
    case 'snaplen-4g':
      return [setU32(rng.pick(s.spots.snapLens), rng.pick([0xffffffff, 0x80000000, 0xfffffff0, 0]))];
    case 'interface-id-out-of-range':
      return [interfaceId(rng, s)];
    case 'option-overrun':
      return [optionOverrun(rng, s)];
    case 'section-length-huge':
      return [sectionLength(rng, s)];
    case 'splice-files':
      return [spliceFiles(rng, subjects, s, bounds)];
    case 'splice-random':
      return [spliceRandom(rng, s, bounds)];
    case 'compressed-damage':
      return [compressedDamage(rng, s.stored.length)];
    case 'stacked':
      return [];
  }
}

function bitFlips(rng: Rng, n: number, bounds: number[]): Mutation {
  const count = rng.int(1, 8);
  // Half the time near a record start, where the headers and length fields are.
  const near = rng.chance(0.5) ? rng.pick(bounds) : -1;
  const bits = Array.from({ length: count }, () =>
    near >= 0 ? Math.min(n * 8 - 1, near * 8 + rng.int(0, 32 * 8 - 1)) : rng.int(0, Math.max(0, n * 8 - 1)),
  );
  return { kind: 'flip', bits };
}

const HEADER_VALUES = [0x00, 0xff, 0x0f, 0x45, 0x60, 0x80, 0x7f, 0x50, 0xf0, 0x11, 0x06, 0x2c];

/**
 * Bytes of a packet's link, IP or TCP/UDP header overwritten (the first 80 bytes of its data):
 * impossible header lengths, versions, fragment fields, ports and flags for the decoder and flows.
 */
function headerBytes(rng: Rng, s: FuzzSubject, bounds: number[]): Mutation {
  const i = rng.int(0, Math.max(0, bounds.length - 2));
  const start = (bounds[i] ?? 0) + (s.layout.format === 'pcap' ? 16 : 28);
  const end = bounds[i + 1] ?? s.bytes.length;
  const at = Math.min(start + rng.int(0, 79), Math.max(start, end - 1));
  const insert = Array.from({ length: rng.int(1, 4) }, () =>
    rng.chance(0.5) ? rng.pick(HEADER_VALUES) : rng.int(0, 255),
  );
  return { kind: 'splice', offset: at, remove: insert.length, insert };
}

const HOSTILE_HTTP = [
  'Content-Length: 18446744073709551616\r\n',
  'Content-Length: -1\r\n',
  'Content-Length: 99999999999999999999999\r\n',
  'Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n',
  'Transfer-Encoding: chunked\r\n\r\n0;' + 'x'.repeat(80) + '\r\n',
  '\r\n\r\n\r\n\r\n',
  'HTTP/1.1 999999999999 <script>alert(1)</script>\r\n',
  'GET /<img src=x onerror=alert(1)> HTTP/1.1\r\n',
  'X: ' + '\u0000'.repeat(40) + '\r\n',
  'Host: ' + 'a'.repeat(200),
  'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n',
  'Connection: close, keep-alive, upgrade\r\nUpgrade: h2c\r\n',
];

/**
 * Text of an HTTP message overwritten in place (lengths unchanged, so the packet still parses):
 * absurd Content-Length and chunk sizes, endless blank lines, markup, NULs, long lines.
 */
function httpText(rng: Rng, s: FuzzSubject, bounds: number[]): Mutation {
  const at = Math.max(0, rng.pick(s.spots.http) + rng.int(-48, 256));
  let end = s.bytes.length;
  for (const b of bounds) {
    if (b <= at) continue;
    // Short of the next record; for pcapng, of this block's trailing length too.
    end = s.layout.format === 'pcapng' ? b - 4 : b;
    break;
  }
  const text = Array.from(rng.pick(HOSTILE_HTTP), (c) => c.charCodeAt(0) & 0xff);
  const insert = text.slice(0, Math.max(0, end - at));
  return { kind: 'splice', offset: at, remove: insert.length, insert };
}

const TIME_VALUES = [0, 1, 999_999, 1_000_000, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];
/** if_tsresol values: 10^-0, 10^-127, 2^-0, 2^-127, 2^-64, 10^-19 and 10^-9. */
const TSRESOL_VALUES = [0, 0x7f, 0x80, 0xff, 0xc0, 19, 9];

interface TimeField {
  offset: number;
  le: boolean;
  record: number;
}

/** The two 32-bit time stamp fields of every pcap record or Enhanced Packet Block. */
function findTimeFields(s: FuzzSubject): TimeField[] {
  if (s.layout.format === 'pcap')
    return s.layout.fields
      .filter((f) => f.role === 'caplen')
      .flatMap((f) => [
        { offset: f.record, le: f.le, record: f.record },
        { offset: f.record + 4, le: f.le, record: f.record },
      ]);
  return s.spots.interfaceIds.flatMap((e) => [
    { offset: e.record + 12, le: e.le, record: e.record },
    { offset: e.record + 16, le: e.le, record: e.record },
  ]);
}

/**
 * Time stamps made extreme (0, 2^32 - 1, sub-second fields of a second or more), copied from
 * another record (time running backwards), or an interface's if_tsresol set to absurd values:
 * durations, idle gaps and rates in flows and rules must stay finite and the loops bounded.
 */
function timestamps(rng: Rng, s: FuzzSubject): Mutation[] {
  const resol = s.spots.options.filter(
    (o) => s.bytes[o.offset + (o.le ? 0 : 1)] === 9 && s.bytes[o.offset + (o.le ? 1 : 0)] === 0,
  );
  if (resol.length > 0 && rng.chance(0.2))
    return [
      { kind: 'splice', offset: rng.pick(resol).offset + 4, remove: 1, insert: [rng.pick(TSRESOL_VALUES)] },
    ];
  const fields = timeFields(s);
  const a = rng.pick(fields);
  if (rng.chance(0.3)) {
    const b = rng.pick(fields);
    const value = new DataView(s.bytes.buffer, s.bytes.byteOffset).getUint32(b.offset, b.le);
    return [setU32(a, value, 'type')];
  }
  return Array.from({ length: rng.int(1, 3) }, () => setU32(rng.pick(fields), rng.pick(TIME_VALUES), 'type'));
}

function lengthMutation(rng: Rng, s: FuzzSubject, kind: MutationKind): Mutation {
  const field = rng.pick(lengthFields(s));
  const current = new DataView(s.bytes.buffer, s.bytes.byteOffset).getUint32(field.offset, field.le);
  const value =
    kind === 'length-zero'
      ? 0
      : kind === 'length-huge'
        ? rng.pick([...HUGE, s.bytes.length + 1, s.bytes.length - field.record + 4])
        : kind === 'length-negative'
          ? rng.pick([...NEGATIVE, -rng.int(1, 64) >>> 0])
          : rng.chance(0.5)
            ? (current + rng.int(-16, 16)) >>> 0
            : rng.int(0, 0xffffffff);
  return { kind: 'set-u32', field, value };
}

/** A pcapng block's total length (and, half the time, its trailer) set past 2 GiB; pcap: a caplen. */
function blockLength(rng: Rng, s: FuzzSubject): Mutation[] {
  const value = rng.pick([0x80000000, 0x7ffffffc, 0xfffffffc]);
  const blocks = s.spots.blocks.filter((b) => b.type === 1 || b.type === 6);
  if (s.layout.format === 'pcap' || blocks.length === 0) {
    const caps = s.layout.fields.filter((f) => f.role === 'caplen' || f.role === 'length');
    return [{ kind: 'set-u32', field: rng.pick(caps.length > 0 ? caps : lengthFields(s)), value }];
  }
  const b = rng.pick(blocks);
  const field: Field = { offset: b.offset + 4, le: b.le, role: 'length', record: b.offset, size: b.length };
  const out: Mutation[] = [{ kind: 'set-u32', field, value }];
  if (rng.chance(0.5))
    out.push(setU32({ offset: b.offset + b.length - 4, le: b.le, record: b.offset }, value, 'trailer'));
  return out;
}

/** pcapng: a block's type replaced or two blocks' types exchanged; an interface's link type changed. */
function typeSwap(rng: Rng, s: FuzzSubject): Mutation[] {
  const blocks = s.spots.blocks;
  const links = s.spots.linkTypes;
  if (blocks.length === 0 || (links.length > 0 && rng.chance(0.3))) {
    const l = rng.pick(links.length > 0 ? links : [{ offset: 20, le: true, record: 0, bytes: 4 as const }]);
    const v = rng.pick(LINK_TYPES);
    return [l.bytes === 4 ? setU32(l, v) : setU16(l.offset, v, l.le)];
  }
  const a = rng.pick(blocks);
  const b = rng.pick(blocks);
  if (a === b || rng.chance(0.5)) return [setU32({ ...a, record: a.offset }, rng.pick(PCAPNG_TYPES), 'type')];
  return [
    setU32({ ...a, record: a.offset }, b.type, 'type'),
    setU32({ ...b, record: b.offset }, a.type, 'type'),
  ];
}

/** Another file header inserted at a record boundary: the first SHB again, or one in the other byte order. */
function repeatHeader(rng: Rng, s: FuzzSubject, bounds: number[]): Mutation {
  const at = rng.pick(bounds);
  if (s.layout.format === 'pcap')
    return { kind: 'splice', offset: at, remove: 0, insert: Array.from(s.bytes.subarray(0, 24)) };
  const first = s.spots.blocks[0];
  const insert =
    first && rng.chance(0.6)
      ? Array.from(s.bytes.subarray(0, first.length))
      : minimalShb(!(first?.le ?? true));
  return { kind: 'splice', offset: at, remove: 0, insert };
}

function minimalShb(le: boolean): number[] {
  const b = new DataView(new ArrayBuffer(28));
  b.setUint32(0, 0x0a0d0d0a, le);
  b.setUint32(4, 28, le);
  b.setUint32(8, 0x1a2b3c4d, le);
  b.setUint16(12, 1, le);
  b.setUint16(14, 0, le);
  b.setInt32(16, -1, le);
  b.setInt32(20, -1, le);
  b.setUint32(24, 28, le);
  return Array.from(new Uint8Array(b.buffer));
}

function interfaceId(rng: Rng, s: FuzzSubject): Mutation {
  const spot = rng.pick(s.spots.interfaceIds);
  const d = spot.declared;
  const value = rng.pick([
    d,
    d + 1,
    0xffff,
    0x10000,
    0x7fffffff,
    0x80000000,
    0xffffffff,
    rng.int(d, 0xffffffff),
  ]);
  return setU32(spot, value, 'iface');
}

/** An option whose length runs past its block's end (or is simply huge). */
function optionOverrun(rng: Rng, s: FuzzSubject): Mutation {
  const o = rng.pick(s.spots.options);
  const room = o.end - (o.offset + 4);
  return setU16(o.offset + 2, rng.pick([0xffff, 0xfffc, room + 1, room + 4, room + 8]) & 0xffff, o.le);
}

/** An SHB's 64-bit section length set to huge or negative values (§4.1: -1 means "not given"). */
function sectionLength(rng: Rng, s: FuzzSubject): Mutation {
  const shb = rng.pick(s.spots.blocks.filter((b) => b.type === 0x0a0d0d0a));
  const [hi, lo] = rng.pick([
    [0x7fffffff, 0xffffffff],
    [0x80000000, 0],
    [0xffffffff, 0xfffffff0],
    [0x00200000, 1],
    [0xffffffff, 0xfffffffe],
  ]) as [number, number];
  const b = new DataView(new ArrayBuffer(8));
  b.setUint32(shb.le ? 4 : 0, hi, shb.le);
  b.setUint32(shb.le ? 0 : 4, lo, shb.le);
  return { kind: 'splice', offset: shb.offset + 16, remove: 8, insert: Array.from(new Uint8Array(b.buffer)) };
}

/** The head of this file, then the tail of another one (from a record boundary most of the time). */
function spliceFiles(rng: Rng, subjects: FuzzSubject[], s: FuzzSubject, bounds: number[]): Mutation {
  const other = rng.pick(subjects);
  const n = s.bytes.length;
  const at = rng.chance(0.7) ? rng.pick(bounds) : rng.int(0, n);
  const ob = other.layout.boundaries;
  const from = ob.length > 0 && rng.chance(0.7) ? rng.pick(ob) : rng.int(0, other.bytes.length);
  const insert = Array.from(other.bytes.subarray(from, Math.min(other.bytes.length, from + 65536)));
  return { kind: 'splice', offset: at, remove: n - Math.min(at, n), insert };
}

/** Random bytes inserted or removed, or a whole record duplicated elsewhere. */
function spliceRandom(rng: Rng, s: FuzzSubject, bounds: number[]): Mutation {
  const n = s.bytes.length;
  if (bounds.length > 1 && rng.chance(0.3)) {
    const i = rng.int(0, bounds.length - 2);
    const record = s.bytes.subarray(bounds[i] ?? 0, bounds[i + 1] ?? 0);
    return { kind: 'splice', offset: rng.pick(bounds), remove: 0, insert: Array.from(record) };
  }
  const insert = Array.from({ length: rng.int(0, 64) }, () => rng.int(0, 255));
  return { kind: 'splice', offset: rng.int(0, n), remove: rng.int(0, 64), insert };
}

function compressedDamage(rng: Rng, n: number): Mutation {
  const r = rng.int(0, 2);
  if (r === 0) return { kind: 'truncate', length: rng.int(0, Math.max(0, n - 1)) };
  if (r === 1)
    return { kind: 'flip', bits: Array.from({ length: rng.int(1, 4) }, () => rng.int(0, n * 8 - 1)) };
  return { kind: 'splice', offset: rng.int(0, n), remove: rng.int(0, 16), insert: [rng.int(0, 255)] };
}

/** Where a single mutation certainly breaks the file, if it does (see Expectation). */
function expectation(s: FuzzSubject, m: Mutation, kind?: MutationKind): { expect?: Expectation } {
  // A file refused even when clean (bad version...) is refused whatever the damage.
  if (s.clean === null) return {};
  const stopAt = certainStop(s, m, kind);
  if (stopAt === null) return {};
  return { expect: stopAt < s.headerEnd ? { refused: true } : { stopAt } };
}

function certainStop(s: FuzzSubject, m: Mutation, kind?: MutationKind): number | null {
  const bounds = s.layout.boundaries;
  const last = bounds[bounds.length - 1];
  if (s.layout.format === 'other' || last === undefined) return null;
  if (m.kind === 'truncate') {
    // A cut inside the records the layout walked (past them, the file's own tail decides).
    if (m.length > last || bounds.includes(m.length)) return null;
    let start = 0;
    for (const b of bounds) if (b < m.length) start = b;
    return m.length < (bounds[0] ?? 0) ? 0 : start;
  }
  if (m.kind !== 'set-u32') return null;
  if (kind === 'interface-id-out-of-range')
    return m.value >>> 0 >= (s.spots.interfaceIds.find((i) => i.offset === m.field.offset)?.declared ?? 0)
      ? m.field.record
      : null;
  // mustBeNoticed knows the layout's own fields only (not snap lengths, options...).
  const f = m.field;
  if (!s.layout.fields.some((l) => l.offset === f.offset && l.role === f.role)) return null;
  return mustBeNoticed(s.layout, s.bytes.length, m) ? f.record : null;
}

/**
 * A 32-bit field overwritten. `role` only labels the field for describeMutation; certainStop
 * judges a field by mustBeNoticed only when the layout lists it under that role at that offset
 * (time stamps, snap lengths, interface ids are never judged there).
 */
function setU32(
  spot: { offset: number; le: boolean; record: number },
  value: number,
  role: Field['role'] = 'length',
): Mutation {
  return {
    kind: 'set-u32',
    field: { offset: spot.offset, le: spot.le, role, record: spot.record, size: 0 },
    value,
  };
}

function setU16(offset: number, value: number, le: boolean): Mutation {
  const insert = le ? [value & 0xff, value >>> 8] : [value >>> 8, value & 0xff];
  return { kind: 'splice', offset, remove: 2, insert };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.max(lo, Math.min(hi, v));
}

/** A one-line description of a case, for failure reports. */
export function describeCase(
  subjects: FuzzSubject[],
  c: FuzzCase,
  describe: (m: Mutation) => string,
): string {
  const s = subjects[c.subject];
  const target = c.onStored ? `stored ${s?.compression} bytes` : 'capture bytes';
  const via = c.gzip ? ', re-gzipped' : '';
  return `case ${c.index} [${c.kind}] ${s?.name}: ${c.mutations.map(describe).join('; ')} (${target}${via}, chunks of ${c.chunkSize})`;
}
