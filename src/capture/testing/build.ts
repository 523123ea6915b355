// Test helper: builds pcap and pcapng files byte by byte (DataView), in either byte order, so unit
// tests state exactly what is in the file they read. Also used by the throughput benchmark.

class Writer {
  private buf = new Uint8Array(256);
  private view = new DataView(this.buf.buffer);
  length = 0;

  constructor(public le = true) {}

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const b = new Uint8Array(size);
    b.set(this.buf.subarray(0, this.length));
    this.buf = b;
    this.view = new DataView(b.buffer);
  }

  u8(v: number): this {
    this.room(1);
    this.view.setUint8(this.length, v);
    this.length += 1;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.view.setUint16(this.length, v, this.le);
    this.length += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0, this.le);
    this.length += 4;
    return this;
  }

  u64(v: bigint): this {
    this.room(8);
    this.view.setBigUint64(this.length, BigInt.asUintN(64, v), this.le);
    this.length += 8;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  pad4(): this {
    while (this.length % 4 !== 0) this.u8(0);
    return this;
  }

  /** Overwrites a 32-bit value written earlier. */
  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, this.le);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/** `n` bytes counting up from `seed`, so every packet's bytes are recognisable. */
export function payload(n: number, seed = 0): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed + i) & 0xff;
  return b;
}

export interface PcapRecord {
  sec: number;
  /** µs, or ns for a nanosecond file (raw field value, may be out of range on purpose). */
  sub: number;
  data: Uint8Array;
  /** Original length; defaults to data.length. */
  origLen?: number;
  /** Captured-length field; defaults to data.length (set it to lie). */
  capLenField?: number;
}

export interface PcapOptions {
  le?: boolean;
  nano?: boolean;
  /** a1b2cd34 magic with 24-byte record headers. */
  modified?: boolean;
  version?: [number, number];
  snapLen?: number;
  /** The whole 32-bit network field (link type in the low 16 bits). */
  network?: number;
  records: PcapRecord[];
}

export function buildPcap(o: PcapOptions): Uint8Array {
  const w = new Writer(o.le ?? true);
  w.u32(o.modified ? 0xa1b2cd34 : o.nano ? 0xa1b23c4d : 0xa1b2c3d4);
  const [major, minor] = o.version ?? [2, 4];
  w.u16(major)
    .u16(minor)
    .u32(0)
    .u32(0)
    .u32(o.snapLen ?? 262144)
    .u32(o.network ?? 1);
  for (const r of o.records) {
    w.u32(r.sec)
      .u32(r.sub)
      .u32(r.capLenField ?? r.data.length)
      .u32(r.origLen ?? r.data.length);
    if (o.modified) w.u32(0).u16(0x0800).u8(0).u8(0);
    w.bytes(r.data);
  }
  return w.done();
}

export type Block =
  | { type: 'shb'; le?: boolean; version?: [number, number] }
  | { type: 'idb'; linkType: number; snapLen?: number; tsresol?: number; tsoffset?: bigint; name?: string }
  | { type: 'epb'; iface: number; ts: bigint; data: Uint8Array; origLen?: number; comment?: string }
  | { type: 'pb'; iface: number; ts: bigint; data: Uint8Array; origLen?: number }
  | { type: 'spb'; origLen: number; data: Uint8Array }
  | { type: 'cb'; copy?: boolean; pen: number; data: Uint8Array }
  | { type: 'raw'; blockType: number; body: Uint8Array };

const text = new TextEncoder();

/** Builds a pcapng file; each 'shb' switches the byte order of the blocks after it. */
export function buildPcapng(blocks: Block[]): Uint8Array {
  const w = new Writer(true);
  for (const b of blocks) {
    if (b.type === 'shb') w.le = b.le ?? true;
    const start = w.length;
    w.u32(blockType(b)).u32(0);
    writeBody(w, b);
    w.pad4();
    w.u32(0);
    const len = w.length - start;
    w.setU32(start + 4, len);
    w.setU32(w.length - 4, len);
  }
  return w.done();
}

function blockType(b: Block): number {
  switch (b.type) {
    case 'shb':
      return 0x0a0d0d0a;
    case 'idb':
      return 1;
    case 'pb':
      return 2;
    case 'spb':
      return 3;
    case 'epb':
      return 6;
    case 'cb':
      return b.copy === false ? 0x40000bad : 0x00000bad;
    case 'raw':
      return b.blockType;
  }
}

function writeBody(w: Writer, b: Block): void {
  switch (b.type) {
    case 'shb': {
      const [major, minor] = b.version ?? [1, 0];
      w.u32(0x1a2b3c4d).u16(major).u16(minor).u64(-1n);
      return;
    }
    case 'idb':
      w.u16(b.linkType)
        .u16(0)
        .u32(b.snapLen ?? 0);
      if (b.name !== undefined) option(w, 2, text.encode(b.name));
      if (b.tsresol !== undefined) option(w, 9, Uint8Array.of(b.tsresol));
      if (b.tsoffset !== undefined) option(w, 14, int64(b.tsoffset, w.le));
      if (b.name !== undefined || b.tsresol !== undefined || b.tsoffset !== undefined) w.u32(0);
      return;
    case 'epb':
    case 'pb':
      if (b.type === 'epb') w.u32(b.iface);
      else w.u16(b.iface).u16(0);
      w.u32(Number(b.ts >> 32n)).u32(Number(b.ts & 0xffffffffn));
      w.u32(b.data.length)
        .u32(b.origLen ?? b.data.length)
        .bytes(b.data)
        .pad4();
      if (b.type === 'epb' && b.comment !== undefined) {
        option(w, 1, text.encode(b.comment));
        w.u32(0);
      }
      return;
    case 'spb':
      w.u32(b.origLen).bytes(b.data);
      return;
    case 'cb':
      w.u32(b.pen).bytes(b.data);
      return;
    case 'raw':
      w.bytes(b.body);
      return;
  }
}

function option(w: Writer, code: number, value: Uint8Array): void {
  w.u16(code).u16(value.length).bytes(value).pad4();
}

function int64(v: bigint, le: boolean): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigInt64(0, v, le);
  return b;
}

/** Concatenates byte arrays (e.g. two pcapng sections). */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * A zstd frame (RFC 8878 §3.1.1) storing `data` in raw blocks: valid zstd without a compressor.
 * Window descriptor 0x38 = 2^17 bytes, so raw blocks of up to 128 KiB are allowed (§3.1.1.2).
 */
export function zstdStored(data: Uint8Array, blockSize = 65536): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38)];
  let at = 0;
  do {
    const n = Math.min(blockSize, data.length - at);
    const last = at + n >= data.length ? 1 : 0;
    const h = (n << 3) | last; // block type 0 = Raw_Block
    parts.push(Uint8Array.of(h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff), data.subarray(at, at + n));
    at += n;
  } while (at < data.length);
  return concat(...parts);
}

/** gzip through the platform's CompressionStream (one gzip member). */
export async function gzip(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
