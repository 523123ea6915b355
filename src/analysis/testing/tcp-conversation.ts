// TEST-ONLY: the frames of one TCP connection written from a short script (who sends, flags, payload,
// time), with sequence and acknowledgement numbers filled in as a real TCP would, as Ethernet or raw
// IPv4 frames. Tests wrap them in a pcap or pcapng (capture/testing/build.ts) and run the real reader.
import { type Bytes, ethernet, ipv4, tcp } from '../../capture/decode/testing/frame-builder';

export interface ScriptSegment {
  from: 'c' | 's';
  /** Letters: S(YN) A(CK) P(SH) F(IN) R(ST). */
  flags: string;
  /** Payload, taken as latin-1. */
  data?: string;
  /** Seconds after the previous segment (default 1 ms). */
  after?: number;
}

export interface BuiltFrame {
  /** The IPv4 packet (for LINKTYPE_RAW) and the same packet in an Ethernet frame. */
  ip: Uint8Array;
  ether: Uint8Array;
  sec: number;
  /** Nanoseconds within the second. */
  ns: number;
}

const FLAG: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10 };
const latin1 = (s: string): Bytes => Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export const CLIENT = { ip: '10.1.0.1', port: 40123 };
export const SERVER = { ip: '10.1.0.2', port: 8080 };

/** The script's frames; time starts at `startSec` and advances by each segment's `after`. */
export function buildConversation(script: ScriptSegment[], startSec = 1_700_000_000): BuiltFrame[] {
  const next = { c: 1000, s: 900_000 };
  let ns = BigInt(startSec) * 1_000_000_000n;
  return script.map((s) => {
    ns += BigInt(Math.round((s.after ?? 0.001) * 1e9));
    const flags = [...s.flags].reduce((f, ch) => f | (FLAG[ch] ?? 0), 0);
    const data = latin1(s.data ?? '');
    const peer = s.from === 'c' ? 's' : 'c';
    const [src, dst] = s.from === 'c' ? [CLIENT, SERVER] : [SERVER, CLIENT];
    const seg = tcp(
      { srcPort: src.port, dstPort: dst.port, seq: next[s.from], ack: flags & 0x10 ? next[peer] : 0, flags },
      data,
    );
    next[s.from] = (next[s.from] + data.length + (flags & 0x03 ? 1 : 0)) >>> 0;
    const ip = ipv4({ src: src.ip, dst: dst.ip }, seg);
    return {
      ip: Uint8Array.from(ip),
      ether: Uint8Array.from(ethernet(0x0800, ip)),
      sec: Number(ns / 1_000_000_000n),
      ns: Number(ns % 1_000_000_000n),
    };
  });
}

/** Handshake, `exchanges` request/response pairs, then the script's `tail`. */
export function httpConversation(
  exchanges: { request: string; response: string }[],
  tail: ScriptSegment[] = [],
): ScriptSegment[] {
  const out: ScriptSegment[] = [
    { from: 'c', flags: 'S' },
    { from: 's', flags: 'SA' },
    { from: 'c', flags: 'A' },
  ];
  for (const x of exchanges) {
    out.push({ from: 'c', flags: 'PA', data: x.request }, { from: 's', flags: 'PA', data: x.response });
  }
  return [...out, ...tail];
}
