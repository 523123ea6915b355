// TEST-ONLY: builds frames byte by byte (big-endian fields, as on the wire) for the decoder's unit
// tests. Each builder returns plain byte arrays so tests can splice, cut and corrupt them freely.
import { PacketTable } from '../../packet-table';
import { FrameDecoder } from '../frame-decoder';

export type Bytes = number[];

export const be16 = (v: number): Bytes => [(v >>> 8) & 255, v & 255];
export const be32 = (v: number): Bytes => [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
export const le32 = (v: number): Bytes => be32(v).reverse();
export const ipv4Addr = (s: string): Bytes => s.split('.').map(Number);

/** 16 bytes of an IPv6 address written with all 8 groups or with `::`. */
export function ipv6Addr(s: string): Bytes {
  const [head = '', tail] = s.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  const groups = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.flatMap((g) => be16(Number.parseInt(g, 16)));
}

export const MAC_A = [2, 0, 0, 0, 0, 1];
export const MAC_B = [2, 0, 0, 0, 0, 2];

export function ethernet(type: number, payload: Bytes): Bytes {
  return [...MAC_B, ...MAC_A, ...be16(type), ...payload];
}

/** An 802.1Q-style tag: TPID is written by the enclosing header, this is TCI + inner type. */
export function vlanTag(vid: number, innerType: number): Bytes {
  return [...be16(vid & 0xfff), ...be16(innerType)];
}

export interface Ipv4Fields {
  src?: string;
  dst?: string;
  proto?: number;
  /** Header length in bytes (options are zero-filled unless given). */
  options?: Bytes;
  /** Total length override (default: header + payload). */
  totalLength?: number;
  id?: number;
  /** Fragment field: flags (MF = 0x2000) and offset in 8-byte units. */
  frag?: number;
  ihl?: number;
}

export function ipv4(f: Ipv4Fields, payload: Bytes): Bytes {
  const opts = f.options ?? [];
  const hlen = 20 + opts.length;
  const ihl = f.ihl ?? hlen / 4;
  return [
    0x40 | ihl,
    0,
    ...be16(f.totalLength ?? hlen + payload.length),
    ...be16(f.id ?? 0x1234),
    ...be16(f.frag ?? 0),
    64,
    f.proto ?? 6,
    0,
    0,
    ...ipv4Addr(f.src ?? '10.0.0.1'),
    ...ipv4Addr(f.dst ?? '10.0.0.2'),
    ...opts,
    ...payload,
  ];
}

export interface Ipv6Fields {
  src?: string;
  dst?: string;
  next?: number;
  payloadLength?: number;
}

export function ipv6(f: Ipv6Fields, payload: Bytes): Bytes {
  return [
    0x60,
    0,
    0,
    0,
    ...be16(f.payloadLength ?? payload.length),
    f.next ?? 6,
    64,
    ...ipv6Addr(f.src ?? '2001:db8::1'),
    ...ipv6Addr(f.dst ?? '2001:db8::2'),
    ...payload,
  ];
}

/** A generic IPv6 extension header (hop-by-hop, routing, destination options) of `units` × 8 bytes. */
export function ext6(next: number, units = 1): Bytes {
  return [next, units - 1, ...new Array<number>(units * 8 - 2).fill(0)];
}

export function fragment6(next: number, offset: number, more: boolean, id: number): Bytes {
  return [next, 0, ...be16((offset & 0xfff8) | (more ? 1 : 0)), ...be32(id)];
}

export interface TcpFields {
  srcPort?: number;
  dstPort?: number;
  seq?: number;
  ack?: number;
  /** 9-bit flags (NS in bit 8). */
  flags?: number;
  win?: number;
  options?: Bytes;
  /** Data offset override in 32-bit words. */
  dataOffset?: number;
}

export function tcp(f: TcpFields, payload: Bytes = []): Bytes {
  const opts = f.options ?? [];
  const off = f.dataOffset ?? (20 + opts.length) / 4;
  const flags = f.flags ?? 0x10;
  return [
    ...be16(f.srcPort ?? 40000),
    ...be16(f.dstPort ?? 80),
    ...be32(f.seq ?? 1000),
    ...be32(f.ack ?? 2000),
    (off << 4) | ((flags >> 8) & 1),
    flags & 0xff,
    ...be16(f.win ?? 512),
    0,
    0,
    0,
    0,
    ...opts,
    ...payload,
  ];
}

export function udp(srcPort: number, dstPort: number, payload: Bytes, length = 8 + payload.length): Bytes {
  return [...be16(srcPort), ...be16(dstPort), ...be16(length), 0, 0, ...payload];
}

/** A decoder over a fresh table, and a helper that decodes one frame into a new row. */
export function harness(): {
  table: PacketTable;
  decoder: FrameDecoder;
  decode: (linkType: number, frame: Bytes, capLen?: number, origLen?: number) => number;
} {
  const table = new PacketTable();
  const decoder = new FrameDecoder(table);
  const decode = (linkType: number, frame: Bytes, capLen = frame.length, origLen = frame.length): number => {
    const row = table.add();
    // Surround the frame with bytes that would change the result if the decoder read outside it.
    const bytes = new Uint8Array([0x45, 0x86, 0xdd, ...frame, 0x45, 0x00, 0x06, 0x11]);
    table.origLen[row] = origLen;
    table.setRecord(row, capLen);
    decoder.decode(row, linkType, bytes, 3, capLen, origLen);
    return row;
  };
  return { table, decoder, decode };
}
