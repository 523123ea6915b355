// TEST-ONLY: every frame where our HTTP messages deliberately differ from tshark 4.0's, with the reason
// (docs/http.md, "Differences from tshark", explains each). The corpus test fails when a difference is
// not listed here, when a listed one no longer occurs, and when a listed frame does not show the
// evidence its reason claims (checkException below).
import type { HttpExchange } from '../../model';

export type ExceptionReason =
  /** tshark dissects HTTP over UDP (SSDP M-SEARCH/NOTIFY on port 1900); we read HTTP on TCP only. */
  | 'http-over-udp'
  /** The capture carries TLS keys (pcapng Decryption Secrets Block): tshark decrypts and finds HTTP
   * inside TLS; we do not decrypt. */
  | 'inside-decrypted-tls'
  /** A segment inside the body was lost and came later out of order (or never): we count the missing
   * bytes by sequence number and end the message at its last byte; tshark 4.0's reassembly
   * (tcp.reassemble_out_of_order off by default) never completes a PDU with a hole. */
  | 'body-across-lost-segment'
  /** The snaplen cut the header section: tshark dissects the truncated frame as a whole message; we
   * record the message at that frame but leave it incomplete (endRow -1): its end is unknowable. */
  | 'header-cut-by-snaplen';

export interface HttpException {
  capture: string;
  kind: 'request' | 'response';
  /** tshark-only: tshark reports an HTTP message ending at these frames and we do not;
   * ours-only: we complete a message at these frames and tshark reports none. */
  side: 'tshark-only' | 'ours-only';
  frames: number[];
  reason: ExceptionReason;
}

export const HTTP_EXCEPTIONS: HttpException[] = [
  {
    capture: 'pcapplusplus__example2.pcap',
    kind: 'request',
    side: 'tshark-only',
    frames: [30, 36, 39, 52, 219, 1017, 1385, 2587, 3535, 3762, 4164, 4420, 4626, 4672],
    reason: 'http-over-udp',
  },
  {
    capture: 'pcapplusplus__example2.pcap',
    kind: 'response',
    side: 'ours-only',
    frames: [3009],
    reason: 'body-across-lost-segment',
  },
  {
    capture: 'pcapplusplus__unidirectional_tcp_stream_with_missing_packet.pcap',
    kind: 'request',
    side: 'ours-only',
    frames: [4],
    reason: 'body-across-lost-segment',
  },
  {
    capture: 'wiresharkwiki__shark.pcap',
    kind: 'response',
    side: 'ours-only',
    frames: [1830, 4135],
    reason: 'body-across-lost-segment',
  },
  {
    capture: 'pcapplusplus__pcapng-example.pcapng',
    kind: 'response',
    side: 'tshark-only',
    frames: [139],
    reason: 'header-cut-by-snaplen',
  },
  {
    capture: 'pcapplusplus__pcapng-example.pcapng.zst',
    kind: 'response',
    side: 'tshark-only',
    frames: [139],
    reason: 'header-cut-by-snaplen',
  },
  {
    capture: 'wiresharkwiki__pcapng-example.pcapng',
    kind: 'request',
    side: 'tshark-only',
    frames: [57, 323],
    reason: 'inside-decrypted-tls',
  },
  {
    capture: 'wiresharkwiki__pcapng-example.pcapng',
    kind: 'response',
    side: 'tshark-only',
    frames: [247, 552],
    reason: 'inside-decrypted-tls',
  },
];

/** What the per-frame oracle says about a frame (the columns the checks need). */
export interface FrameFacts {
  protocols: string;
  stream: number;
  lostSegment: boolean;
}

/**
 * Checks that the evidence for an exception's reason is there at `frame`; returns a problem or null.
 * `facts(n)` reads the per-frame oracle, `exchanges` are ours for the whole capture.
 */
export function checkException(
  e: HttpException,
  frame: number,
  facts: (n: number) => FrameFacts | undefined,
  exchanges: HttpExchange[],
): string | null {
  const f = facts(frame);
  if (!f) return `frame ${frame} is not in the oracle`;
  const msgs = exchanges.flatMap((x) => [x.request, x.response]).filter((m) => m?.kind === e.kind);
  switch (e.reason) {
    case 'http-over-udp':
      return f.protocols.includes(':udp:') && !f.protocols.includes(':tcp')
        ? null
        : `frame ${frame} is not UDP`;
    case 'inside-decrypted-tls':
      return f.protocols.includes(':tls:http') ? null : `frame ${frame} is not HTTP inside TLS`;
    case 'header-cut-by-snaplen': {
      const m = msgs.find((x) => x && x.row + 1 === frame);
      return m && m.endRow === -1 ? null : `no incomplete ${e.kind} of ours starts at frame ${frame}`;
    }
    case 'body-across-lost-segment': {
      const m = msgs.find((x) => x && x.endRow + 1 === frame);
      if (!m) return `no ${e.kind} of ours ends at frame ${frame}`;
      for (let n = m.row + 2; n <= frame; n++) {
        const g = facts(n);
        if (g && g.stream === f.stream && g.lostSegment) return null;
      }
      return `tshark saw no lost segment in stream ${f.stream} between frames ${m.row + 1} and ${frame}`;
    }
  }
}
