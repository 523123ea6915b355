// Test helper: a PacketTable made from tshark's per-frame oracle (testdata/tshark/<capture>.tsv,
// written by scripts/make-frame-oracle.sh), i.e. packets decoded exactly as tshark decoded them. This
// tests the flow layer on every corpus capture independently of our own reader and decoder.
import { Decode, L3, PacketTable, Proto } from '../../capture/packet-table';

export interface TsvFrames {
  fields: string[];
  rows: string[][];
  get(row: number, field: string): string;
}

export function parseTsv(text: string): TsvFrames {
  const lines = text.split('\n').filter((l) => l.length > 0);
  const fields = (lines[0] ?? '').split('\t');
  const index = new Map(fields.map((f, i) => [f, i]));
  const rows = lines.slice(1).map((l) => l.split('\t'));
  return {
    fields,
    rows,
    get: (row, field) => rows[row]?.[index.get(field) ?? -1] ?? '',
  };
}

function ipv4Value(s: string): number {
  return s.split('.').reduce((a, b) => a * 256 + Number(b), 0);
}

/** 16 bytes of an IPv6 address in text form (RFC 4291 §2.2, including an embedded IPv4 tail). */
export function ipv6Bytes(s: string): Uint8Array {
  const out = new Uint8Array(16);
  const [head = '', tail] = s.split('::');
  const words = (part: string): number[] => {
    if (part === '') return [];
    return part.split(':').flatMap((g) => {
      if (!g.includes('.')) return [Number.parseInt(g, 16)];
      const v = ipv4Value(g);
      return [v >>> 16, v & 0xffff];
    });
  };
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  const all = tail === undefined ? h : [...h, ...new Array(8 - h.length - t.length).fill(0), ...t];
  all.forEach((w, i) => {
    out[i * 2] = w >>> 8;
    out[i * 2 + 1] = w & 0xff;
  });
  return out;
}

/** A datagram tshark decoded as SNMP: the smallest payload our SNMP check accepts (BER SEQUENCE, INTEGER). */
const SNMP_STUB = Uint8Array.from([0x30, 0x03, 0x02, 0x01, 0x00]);

export interface TsvTable {
  table: PacketTable;
  /** Bytes handed to the flow builder for each row (payload at offset 0). */
  payloads: Uint8Array[];
}

export function tableFromTsv(tsv: TsvFrames): TsvTable {
  const t = new PacketTable();
  const payloads: Uint8Array[] = [];
  for (let r = 0; r < tsv.rows.length; r++) {
    const get = (f: string) => tsv.get(r, f);
    const row = t.add();
    const [sec = '0', frac = '0'] = get('frame.time_epoch').split('.');
    if (Number.isNaN(t.baseSec)) t.baseSec = Number(sec);
    t.tsSec[row] = Number(sec) - t.baseSec;
    t.tsNs[row] = Number(frac.padEnd(9, '0').slice(0, 9));
    t.origLen[row] = Number(get('frame.len'));
    payloads.push(new Uint8Array(0));
    // An SNMP datagram's payload is a stub of its own length (the flow builder reads it).
    const snmp =
      get('tcp.srcport') === '' &&
      get('udp.srcport') !== '' &&
      get('frame.protocols').split(':').includes('snmp');
    t.setRecord(row, snmp ? SNMP_STUB.length : Number(get('frame.cap_len')));
    const protos = get('frame.protocols').split(':');
    // The network layer that carries the transport we use (Teredo: IPv4 carries the UDP, IPv6 inside).
    const l4 = protos.lastIndexOf(get('tcp.srcport') !== '' ? 'tcp' : 'udp');
    const l3 = protos
      .slice(0, l4 < 0 ? protos.length : l4)
      .filter((p) => p === 'ip' || p === 'ipv6')
      .pop();
    if (l3 === undefined) continue;
    const v4 = l3 === 'ip';
    const src = v4
      ? t.addresses.internV4(ipv4Value(get('ip.src')))
      : t.addresses.internV6(ipv6Bytes(get('ipv6.src')), 0);
    const dst = v4
      ? t.addresses.internV4(ipv4Value(get('ip.dst')))
      : t.addresses.internV6(ipv6Bytes(get('ipv6.dst')), 0);
    const ends = (proto: number, sport: string, dport: string) =>
      t.setEndpoints(row, v4 ? L3.IPv4 : L3.IPv6, proto, src, Number(sport), dst, Number(dport));
    if (get('tcp.srcport') !== '' && get('tcp.seq_raw') === '') {
      // Ports but no stream: the header was cut before the fields the stream lookup needs.
      ends(Proto.TCP, '0', '0');
      t.decode[row] = (t.decode[row] ?? 0) | Decode.PortsOnly;
    } else if (get('tcp.srcport') !== '') {
      ends(Proto.TCP, get('tcp.srcport'), get('tcp.dstport'));
      fillTcp(t, row, get);
    } else if (get('udp.srcport') !== '') {
      ends(Proto.UDP, get('udp.srcport'), get('udp.dstport'));
      if (snmp) {
        payloads[row] = SNMP_STUB;
        t.payloadLength[row] = SNMP_STUB.length;
      }
    } else ends(0, '0', '0');
  }
  return { table: t, payloads };
}

function fillTcp(t: PacketTable, row: number, get: (f: string) => string): void {
  t.seq[row] = Number(get('tcp.seq_raw'));
  t.ack[row] = Number(get('tcp.ack_raw') || 0);
  t.win[row] = Number(get('tcp.window_size_value') || 0);
  t.payloadLength[row] = Number(get('tcp.len') || 0);
  const flags = get('tcp.flags');
  const hdr = Number(get('tcp.hdr_len') || 0);
  t.tcpFlags[row] = flags === '' ? 0 : Number.parseInt(flags, 16);
  // tshark shows no flags for a bogus header length and no tcp.len for a header longer than the segment.
  if (flags === '' || get('tcp.len') === '' || hdr < 20)
    t.decode[row] = (t.decode[row] ?? 0) | Decode.Malformed;
  const ws = get('tcp.options.wscale.shift');
  if (ws !== '') {
    const o = t.options.add(row);
    t.options.wscale[o] = Number(ws);
  }
}
