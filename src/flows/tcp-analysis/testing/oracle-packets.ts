// Test-only driver: rebuilds, from the tshark oracle alone, the packet-table columns the TCP analyzer
// reads and tshark's grouping of packets into connections (tcp.stream), so the analyzer can be run
// on the whole corpus without the capture reader, decoder or flow builder. Only the window scale
// option is in the oracle (no SACK blocks), so bytes in flight can differ where SACK is in use.
import { Decode, OptBit, PacketTable, Proto } from '../../../capture/packet-table';
import type { DirValue } from '../../model';
import type { OracleFile, OracleFrame } from './oracle-tsv';

export interface OracleStream {
  stream: number;
  rows: number[];
  dirs: DirValue[];
}

export interface OraclePackets {
  table: PacketTable;
  /** Connections by tcp.stream, packets in frame order; only frames tshark analysed (tcp.len known). */
  streams: OracleStream[];
}

/** "1362692526.869344000" → [seconds, nanoseconds], exactly. */
function parseEpoch(text: string): [number, number] {
  const [whole = '0', frac = ''] = text.split('.');
  return [Number(whole), Number((frac + '000000000').slice(0, 9))];
}

function fillRow(table: PacketTable, row: number, f: OracleFrame, baseSec: number): void {
  const [sec, ns] = parseEpoch(f.get('frame.time_epoch'));
  table.tsSec[row] = sec - baseSec;
  table.tsNs[row] = ns;
  if (f.get('tcp.stream') === '') return;
  table.setEndpoints(row, 0, Proto.TCP, 0, Number(f.get('tcp.srcport')), 0, Number(f.get('tcp.dstport')));
  table.tcpFlags[row] = Number.parseInt(f.get('tcp.flags') || '0', 16) & 0x1ff;
  table.seq[row] = Number(f.get('tcp.seq_raw'));
  table.ack[row] = Number(f.get('tcp.ack_raw'));
  table.win[row] = Number(f.get('tcp.window_size_value'));
  table.payloadLength[row] = Number(f.get('tcp.len') || 0);
  // tshark analyses a segment whose header length is under 20 but shows nothing of it.
  if (Number(f.get('tcp.hdr_len')) < 20) table.decode[row] = Decode.Malformed;
  fillOptions(table, row, f);
}

/** Window scale, and SACK blocks when the oracle has them (tcp.options.sack_le/_re, all occurrences). */
function fillOptions(table: PacketTable, row: number, f: OracleFrame): void {
  const shift = f.get('tcp.options.wscale.shift');
  const left = f.has('tcp.options.sack_le') ? f.get('tcp.options.sack_le') : '';
  if (shift === '' && left === '') return;
  const o = table.options.add(row);
  if (shift !== '') {
    table.options.wscale[o] = Number(shift);
    table.options.bits[o] = OptBit.WindowScale;
  }
  if (left === '') return;
  const lefts = left.split(',');
  const rights = f.get('tcp.options.sack_re').split(',');
  lefts.forEach((l, i) => {
    table.options.addSack(o, Number(l) >>> 0, Number(rights[i]) >>> 0);
  });
}

/** Endpoint key of the sender, to tell the two directions of a stream apart. */
function sender(f: OracleFrame): string {
  const src = f.get('ip.src') || f.get('ipv6.src');
  return `${src}|${f.get('tcp.srcport')}`;
}

export function oraclePackets(oracle: OracleFile): OraclePackets {
  const table = new PacketTable();
  const first = oracle.frames[0];
  const baseSec = first ? parseEpoch(first.get('frame.time_epoch'))[0] : 0;
  table.baseSec = baseSec;
  const byStream = new Map<number, OracleStream & { client: string }>();
  for (const f of oracle.frames) {
    const row = table.add();
    if (row !== f.frame - 1) throw new Error(`oracle frames out of order at ${f.frame}`);
    fillRow(table, row, f, baseSec);
    const streamText = f.get('tcp.stream');
    // tcp.len is absent when tshark could not analyse the segment (short header, ICMP payload).
    if (streamText === '' || f.get('tcp.len') === '') continue;
    const stream = Number(streamText);
    let st = byStream.get(stream);
    if (!st) {
      st = { stream, rows: [], dirs: [], client: sender(f) };
      byStream.set(stream, st);
    }
    st.rows.push(row);
    st.dirs.push(sender(f) === st.client ? 0 : 1);
  }
  const streams = [...byStream.values()].map(({ stream, rows, dirs }) => ({ stream, rows, dirs }));
  return { table, streams };
}
