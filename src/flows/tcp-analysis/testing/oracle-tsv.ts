// Reads the per-frame tshark oracle (testdata/tshark/*.tsv, written by scripts/make-frame-oracle.sh):
// a header line naming the fields, then one line per frame. Test-only.
import { Analysis } from '../../model';

export interface OracleFrame {
  /** 1-based frame number. */
  frame: number;
  get(field: string): string;
  has(field: string): boolean;
}

export interface OracleFile {
  fields: string[];
  frames: OracleFrame[];
}

export function parseOracleTsv(text: string): OracleFile {
  const lines = text.split('\n');
  const fields = (lines[0] ?? '').split('\t');
  const index = new Map(fields.map((f, i) => [f, i] as const));
  const frames: OracleFrame[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const cols = line.split('\t');
    const get = (field: string): string => {
      const at = index.get(field);
      if (at === undefined) throw new Error(`oracle has no field ${field}`);
      return cols[at] ?? '';
    };
    const has = (field: string): boolean => index.has(field);
    frames.push({ frame: Number(get('frame.number')), get, has });
  }
  return { fields, frames };
}

/** tshark field → Analysis bit, for the flags tcp.analysis.* reports per frame. */
export const ORACLE_FLAG_FIELDS: ReadonlyArray<readonly [string, number]> = [
  ['tcp.analysis.retransmission', Analysis.Retransmission],
  ['tcp.analysis.fast_retransmission', Analysis.FastRetransmission],
  ['tcp.analysis.spurious_retransmission', Analysis.SpuriousRetransmission],
  ['tcp.analysis.out_of_order', Analysis.OutOfOrder],
  ['tcp.analysis.lost_segment', Analysis.LostSegment],
  ['tcp.analysis.ack_lost_segment', Analysis.AckUnseen],
  ['tcp.analysis.duplicate_ack', Analysis.DupAck],
  ['tcp.analysis.zero_window', Analysis.ZeroWindow],
  ['tcp.analysis.zero_window_probe', Analysis.ZeroWindowProbe],
  ['tcp.analysis.zero_window_probe_ack', Analysis.ZeroWindowProbeAck],
  ['tcp.analysis.window_full', Analysis.WindowFull],
  ['tcp.analysis.window_update', Analysis.WindowUpdate],
  ['tcp.analysis.keep_alive', Analysis.KeepAlive],
  ['tcp.analysis.keep_alive_ack', Analysis.KeepAliveAck],
  ['tcp.analysis.reused_ports', Analysis.PortReused],
];

/** What tshark says about one frame's TCP analysis. */
export interface OracleAnalysis {
  bits: number;
  dupAckNum: number;
  bytesInFlight: number;
}

export function oracleAnalysis(f: OracleFrame): OracleAnalysis {
  let bits = 0;
  for (const [field, bit] of ORACLE_FLAG_FIELDS) if (f.get(field) !== '') bits |= bit;
  return {
    bits,
    dupAckNum: Number(f.get('tcp.analysis.duplicate_ack_num') || 0),
    bytesInFlight: Number(f.get('tcp.analysis.bytes_in_flight') || 0),
  };
}
