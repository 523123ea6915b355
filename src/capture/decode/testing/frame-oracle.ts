// TEST-ONLY: reads testdata/tshark/<capture>.tsv (scripts/make-frame-oracle.sh) and compares one
// decoded row with tshark's answer for that frame. The TSV was made with `-E occurrence=l`, so every
// column holds the innermost (last) occurrence of its field.
import { Decode, OptBit, type PacketTable, Proto } from '../../packet-table';
import { hasTcpHeader } from '../tcp';

export type OracleRow = Map<string, string>;

export function parseOracle(tsv: string): Map<number, OracleRow> {
  const lines = tsv.split('\n').filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split('\t');
  const rows = new Map<number, OracleRow>();
  for (const line of lines.slice(1)) {
    const cells = line.split('\t');
    const row: OracleRow = new Map();
    header.forEach((h, i) => {
      const v = cells[i] ?? '';
      if (v !== '') row.set(h, v);
    });
    rows.set(Number(row.get('frame.number')), row);
  }
  return rows;
}

/** Protocol layers up to the first transport: what follows is not the packet's own IP header
 * (Teredo's udp:teredo:ipv6, the quoted header of an ICMP error). GRE is a tunnel, walked through. */
function outerLayers(protocols: string): string[] {
  const layers = protocols.split(':');
  const cut = layers.findIndex((p) => p === 'tcp' || p === 'udp' || p === 'icmp' || p === 'icmpv6');
  return cut < 0 ? layers : layers.slice(0, cut + 1);
}

/** For each packet row, its option-table row or -1. */
export function indexOptions(t: PacketTable): Int32Array {
  const index = new Int32Array(t.length).fill(-1);
  for (let i = 0; i < t.options.length; i++) index[t.options.packet[i]!] = i;
  return index;
}

/** Human-readable mismatches between row `row` of `t` and tshark's row `o` (empty when they agree). */
export function compareRow(t: PacketTable, row: number, o: OracleRow, options: Int32Array): string[] {
  const out: string[] = [];
  const eq = (what: string, ours: unknown, theirs: unknown) => {
    if (String(ours) !== String(theirs)) out.push(`${what}: ours ${ours}, tshark ${theirs}`);
  };
  let layers = outerLayers(o.get('frame.protocols') ?? '');
  // packet-ip.c hands a version-6 header on to packet-ipv6.c ("ip:ipv6" with no ip.src): one layer.
  if (!o.has('ip.src')) layers = layers.filter((p, i) => !(p === 'ip' && layers[i + 1] === 'ipv6'));
  const ipLayers = layers.filter((p) => p === 'ip' || p === 'ipv6');
  // The innermost IP layer tshark could read both addresses of (an inner header may be cut).
  let depth = ipLayers.length;
  while (depth > 0 && !(o.has(`${ipLayers[depth - 1]}.src`) && o.has(`${ipLayers[depth - 1]}.dst`))) depth--;
  const key = ipLayers[depth - 1];
  if (key) {
    eq('l3', t.l3Of(row), key === 'ipv6' ? 6 : 4);
    eq('src', t.addresses.format(t.srcOf(row)), o.get(`${key}.src`));
    eq('dst', t.addresses.format(t.dstOf(row)), o.get(`${key}.dst`));
    // A last IP layer with nothing after it may be a bogus header tshark gave up on.
    if (layers[layers.length - 1] !== key || depth === 1) {
      eq('tunnelled', (t.decode[row]! & Decode.Tunnelled) !== 0, depth > 1);
    }
  } else {
    eq('l3 (tshark has no addresses)', t.l3Of(row), 0);
  }
  const last = layers[layers.length - 1];
  const proto = t.protoOf(row);
  if (last === 'tcp') compareTcp(t, row, o, eq, options[row] ?? -1);
  else if (last === 'udp') compareUdp(t, row, o, eq);
  else if (last === 'icmp') eq('proto', proto, Proto.ICMP);
  else if (last === 'icmpv6') eq('proto', proto, Proto.ICMPv6);
  else if (proto === Proto.TCP || proto === Proto.UDP)
    out.push(`proto: ours ${proto}, tshark has no tcp/udp`);
  if (key === 'ip') {
    const frag = o.get('ip.flags.mf') === '1' || (o.get('ip.frag_offset') ?? '0') !== '0';
    eq('fragment', (t.decode[row]! & Decode.Fragment) !== 0, frag);
  }
  return out;
}

type Eq = (what: string, ours: unknown, theirs: unknown) => void;

function compareTcp(t: PacketTable, row: number, o: OracleRow, eq: Eq, r: number): void {
  eq('proto', t.protoOf(row), Proto.TCP);
  eq(
    'tcp ports',
    `${t.srcPortOf(row)}>${t.dstPortOf(row)}`,
    `${o.get('tcp.srcport') ?? 0}>${o.get('tcp.dstport') ?? 0}`,
  );
  eq('tcp.stream present', (t.decode[row]! & Decode.PortsOnly) === 0, o.has('tcp.stream'));
  const flags = o.get('tcp.flags');
  eq('tcp header read', hasTcpHeader(t, row), flags !== undefined);
  if (o.has('tcp.seq_raw')) eq('seq', t.seq[row], o.get('tcp.seq_raw'));
  if (flags === undefined) return;
  eq('flags', t.tcpFlags[row], Number.parseInt(flags, 16) & 0x1ff);
  eq('ack', t.ack[row], o.get('tcp.ack_raw'));
  eq('win', t.win[row], o.get('tcp.window_size_value'));
  const len = o.get('tcp.len');
  if (len !== undefined) eq('tcp.len', t.payloadLength[row], len);
  // No tcp.len: a header longer than the segment, or (pinfo->fragmented) an unreassembled first fragment.
  else
    eq(
      'malformed or fragment without tcp.len',
      (t.decode[row]! & (Decode.Malformed | Decode.Fragment)) !== 0,
      true,
    );
  const opt = t.options;
  const bits = r < 0 ? 0 : opt.bits[r]!;
  eq('mss', bits & OptBit.MSS ? opt.mss[r] : undefined, o.get('tcp.options.mss_val'));
  // The window-scale column is an Int8: shifts above 127 (never valid, RFC 7323 §2.3) are stored as 127.
  const shift = o.get('tcp.options.wscale.shift');
  eq('wscale', bits & OptBit.WindowScale ? opt.wscale[r] : undefined, shift && Math.min(Number(shift), 127));
  eq('sack_perm', (bits & OptBit.SackPermitted) !== 0, o.has('tcp.options.sack_perm'));
  eq('tsval', bits & OptBit.Timestamps ? opt.tsVal[r] : undefined, o.get('tcp.options.timestamp.tsval'));
  eq('tsecr', bits & OptBit.Timestamps ? opt.tsEcr[r] : undefined, o.get('tcp.options.timestamp.tsecr'));
}

function compareUdp(t: PacketTable, row: number, o: OracleRow, eq: Eq): void {
  eq('proto', t.protoOf(row), Proto.UDP);
  eq(
    'udp ports',
    `${t.srcPortOf(row)}>${t.dstPortOf(row)}`,
    `${o.get('udp.srcport') ?? 0}>${o.get('udp.dstport') ?? 0}`,
  );
  eq('udp.stream present', (t.decode[row]! & Decode.PortsOnly) === 0, o.has('udp.stream'));
}
