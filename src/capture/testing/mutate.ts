// Mutations of capture files for property tests and the fuzz campaign: bit flips, truncation,
// length fields overwritten (0, huge, negative read as unsigned, random), block types swapped,
// bytes inserted or deleted. A small independent walker finds the fields in a clean file, and
// `mustBeNoticed` says when a mutation damages the structure so certainly that a reader has to
// report it (a CaptureError, or a warning naming the frame and offset).
import fc from 'fast-check';

export type FieldRole = 'caplen' | 'origlen' | 'length' | 'trailer' | 'type' | 'iface';

export interface Field {
  offset: number;
  le: boolean;
  role: FieldRole;
  /** Start of the record or block the field belongs to. */
  record: number;
  /** Its (rounded) total length for pcapng blocks, its header length for pcap records. */
  size: number;
}

export interface Layout {
  format: 'pcap' | 'pcapng' | 'other';
  /** Offsets where the file could end cleanly: after the file header and after each record. */
  boundaries: number[];
  fields: Field[];
}

export type Mutation =
  | { kind: 'truncate'; length: number }
  | { kind: 'flip'; bits: number[] }
  | { kind: 'set-u32'; field: Field; value: number }
  | { kind: 'splice'; offset: number; remove: number; insert: number[] };

const MAX_BLOCK = 32 + 128 * 1024 * 1024 + 131072;
const MAX_CAP = 262144;
const PCAPNG_TYPES = [0x0a0d0d0a, 1, 2, 3, 4, 5, 6, 0x0a, 0xbad, 0x40000bad, 0x9, 0x12345678];

const roundUp4 = (n: number) => (n % 4 === 0 ? n : n + 4 - (n % 4));

export function layoutOf(b: Uint8Array): Layout {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (b.length >= 24) {
    const m = dv.getUint32(0, false);
    const pcapLe = [0xd4c3b2a1, 0x4d3cb2a1, 0x34cdb2a1].includes(m);
    if (pcapLe || [0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34].includes(m))
      return pcapLayout(dv, pcapLe, m === 0xa1b2cd34 || m === 0x34cdb2a1);
    if (m === 0x0a0d0d0a) return pcapngLayout(dv);
  }
  return { format: 'other', boundaries: [], fields: [] };
}

function pcapLayout(dv: DataView, le: boolean, modified: boolean): Layout {
  const hl = modified ? 24 : 16;
  const major = dv.getUint16(4, le);
  const minor = dv.getUint16(6, le);
  const swapped = major === 2 && minor < 3;
  const boundaries = [24];
  const fields: Field[] = [];
  let o = 24;
  while (o + hl <= dv.byteLength) {
    const a = dv.getUint32(o + 8, le);
    const cap = swapped ? dv.getUint32(o + 12, le) : a;
    if (cap > MAX_CAP || o + hl + cap > dv.byteLength) break;
    fields.push(
      { offset: o + (swapped ? 12 : 8), le, role: 'caplen', record: o, size: hl },
      { offset: o + (swapped ? 8 : 12), le, role: 'origlen', record: o, size: hl },
    );
    o += hl + cap;
    boundaries.push(o);
  }
  return { format: 'pcap', boundaries, fields };
}

function pcapngLayout(dv: DataView): Layout {
  const boundaries: number[] = [];
  const fields: Field[] = [];
  let le = true;
  let o = 0;
  while (o + 12 <= dv.byteLength) {
    if (dv.getUint32(o, true) === 0x0a0d0d0a) {
      const bom = dv.getUint32(o + 8, true);
      if (bom !== 0x1a2b3c4d && bom !== 0x4d3c2b1a) break;
      le = bom === 0x1a2b3c4d;
    }
    const type = dv.getUint32(o, le);
    const len = roundUp4(dv.getUint32(o + 4, le));
    if (len < 12 || o + len > dv.byteLength || roundUp4(dv.getUint32(o + len - 4, le)) !== len) break;
    boundaries.push(o);
    fields.push(
      { offset: o, le, role: 'type', record: o, size: len },
      { offset: o + 4, le, role: 'length', record: o, size: len },
      { offset: o + len - 4, le, role: 'trailer', record: o, size: len },
    );
    if (type === 6 && len >= 32) {
      fields.push(
        { offset: o + 8, le, role: 'iface', record: o, size: len },
        { offset: o + 20, le, role: 'caplen', record: o, size: len },
        { offset: o + 24, le, role: 'origlen', record: o, size: len },
      );
    }
    o += len;
  }
  boundaries.push(o);
  return { format: 'pcapng', boundaries, fields };
}

export function applyMutation(bytes: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'truncate':
      return bytes.slice(0, Math.min(m.length, bytes.length));
    case 'flip': {
      const out = bytes.slice();
      for (const bit of m.bits) {
        const i = bit >>> 3;
        if (i < out.length) out[i] = (out[i] ?? 0) ^ (1 << (bit & 7));
      }
      return out;
    }
    case 'set-u32': {
      const out = bytes.slice();
      if (m.field.offset + 4 <= out.length)
        new DataView(out.buffer).setUint32(m.field.offset, m.value >>> 0, m.field.le);
      return out;
    }
    case 'splice': {
      const at = Math.min(m.offset, bytes.length);
      const out = new Uint8Array(bytes.length - Math.min(m.remove, bytes.length - at) + m.insert.length);
      out.set(bytes.subarray(0, at), 0);
      out.set(m.insert, at);
      out.set(bytes.subarray(Math.min(at + m.remove, bytes.length)), at + m.insert.length);
      return out;
    }
  }
}

/** True when a reader must report `m` applied to a clean file of this layout and size. */
export function mustBeNoticed(layout: Layout, size: number, m: Mutation): boolean {
  if (layout.format === 'other') return false;
  if (m.kind === 'truncate') return m.length < size && !layout.boundaries.includes(m.length);
  if (m.kind !== 'set-u32') return false;
  const { field: f, value } = m;
  const v = value >>> 0;
  if (layout.format === 'pcap') {
    return f.role === 'caplen' && (v > MAX_CAP || f.record + f.size + v > size);
  }
  switch (f.role) {
    case 'length': {
      const len = roundUp4(v);
      return len < 12 || len > MAX_BLOCK || f.record + len > size;
    }
    case 'trailer':
      return roundUp4(v) !== f.size;
    case 'caplen':
      return v > MAX_CAP || 28 + roundUp4(v) + 4 > f.size;
    default:
      return false;
  }
}

/** Values that break length fields: zero, huge, negative numbers read as unsigned, off by a little. */
function lengthValue(f: Field, size: number): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, 0xffffffff, 0x7fffffff, 0x80000000, 0xfffffffc, MAX_CAP + 1, size + 1),
    fc.integer({ min: -64, max: 64 }).map((d) => Math.max(0, f.size + d)),
    fc.integer({ min: 0, max: 0xffffffff }),
  );
}

export function mutationArbitrary(layout: Layout, size: number): fc.Arbitrary<Mutation> {
  const truncate = fc
    .oneof(
      fc.integer({ min: 0, max: Math.max(0, size - 1) }),
      // Cut just inside a record: the common "tcpdump was killed" case.
      fc
        .constantFrom(...(layout.boundaries.length > 0 ? layout.boundaries : [0]))
        .chain((b) => fc.integer({ min: Math.max(0, b - 8), max: Math.min(size, b + 40) })),
    )
    .map((length): Mutation => ({ kind: 'truncate', length }));
  const flip = fc
    .array(fc.integer({ min: 0, max: Math.max(0, size * 8 - 1) }), { minLength: 1, maxLength: 8 })
    .map((bits): Mutation => ({ kind: 'flip', bits }));
  const splice = fc
    .record({
      offset: fc.integer({ min: 0, max: size }),
      remove: fc.integer({ min: 0, max: 64 }),
      insert: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 64 }),
    })
    .map((s): Mutation => ({ kind: 'splice', ...s }));
  const options: fc.Arbitrary<Mutation>[] = [truncate, flip, splice];
  if (layout.fields.length > 0) {
    const fields = fc.constantFrom(...layout.fields);
    options.push(
      fields.chain((field) =>
        (field.role === 'type' ? fc.constantFrom(...PCAPNG_TYPES) : lengthValue(field, size)).map(
          (value): Mutation => ({ kind: 'set-u32', field, value }),
        ),
      ),
    );
  }
  return fc.oneof(...options);
}

/** A one-line description of a mutation, for failure messages. */
export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case 'truncate':
      return `truncate to ${m.length} bytes`;
    case 'flip':
      return `flip bits ${m.bits.join(',')}`;
    case 'set-u32':
      return `set ${m.field.role} at ${m.field.offset} to ${m.value >>> 0}`;
    case 'splice':
      return `at ${m.offset} remove ${m.remove} bytes, insert ${m.insert.length}`;
  }
}
