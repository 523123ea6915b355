// Expected TCP states after the key packets of ../shared/scenarios/*/manifest.json, derived by hand
// from RFC 9293 §3.3.2 and each manifest's description of the packet (not from our output), under the
// model in tcp-state.ts: a SYN's receiver stays LISTEN until its SYN-ACK, a captured segment reaches
// its receiver when captured, a RST closes both ends.
// Keys are key-packet names, or "name/FLAGS" where one name covers packets with different flags.
import type { Flow, FlowSet } from '../model';
import { Mark, TCP_STATE_NAMES } from '../model';

type States = readonly [client: string, server: string];

const OPEN: Record<string, States> = {
  syn: ['SYN_SENT', 'LISTEN'],
  syn_ack: ['ESTABLISHED', 'SYN_RECEIVED'],
  handshake_ack: ['ESTABLISHED', 'ESTABLISHED'],
};
const EST: States = ['ESTABLISHED', 'ESTABLISHED'];
const BOTH_CLOSED: States = ['CLOSED', 'CLOSED'];
/** The server closes an idle keep-alive connection; the client ACKs the FIN but keeps the socket. */
const SERVER_IDLE_CLOSE = {
  server_fin: ['CLOSE_WAIT', 'FIN_WAIT_1'],
  client_ack_of_fin: ['CLOSE_WAIT', 'FIN_WAIT_2'],
} satisfies Record<string, States>;

export const EXPECTED_STATES: Record<string, Record<string, States>> = {
  'connection-refused': { syn: OPEN.syn as States, rst_answering_syn: BOTH_CLOSED },
  'f-keepalive-race': {
    ...OPEN,
    request_1: EST,
    response_3: EST,
    server_fin: SERVER_IDLE_CLOSE.server_fin,
    // The GET acknowledges the FIN (ack 296): the server moves on to FIN_WAIT_2.
    client_get_after_fin: ['CLOSE_WAIT', 'FIN_WAIT_2'],
    server_rst: BOTH_CLOSED,
  },
  'g-stale-keepalive': {
    ...OPEN,
    request_1: EST,
    response_1: EST,
    ...SERVER_IDLE_CLOSE,
    stale_request: ['CLOSE_WAIT', 'FIN_WAIT_2'],
    server_rst: BOTH_CLOSED,
  },
  'h-no-response': {
    ...OPEN,
    request: EST,
    server_ack_of_request: EST,
    server_fin: SERVER_IDLE_CLOSE.server_fin,
    // The client's FIN also acknowledges the server's FIN: FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT.
    client_fin: ['LAST_ACK', 'TIME_WAIT'],
    last_ack: ['CLOSED', 'TIME_WAIT'],
  },
  'i-empty-post-reset': {
    ...OPEN,
    post_request: EST,
    server_ack_of_post: EST,
    client_fin: ['FIN_WAIT_1', 'CLOSE_WAIT'],
    server_rst: BOTH_CLOSED,
  },
  'j-client-abort-unread': {
    ...OPEN,
    request: EST,
    response_headers: EST,
    last_server_data_before_rst: EST,
    client_rst: BOTH_CLOSED,
  },
  'k-close-wait-leak': {
    ...OPEN,
    request: EST,
    response: EST,
    ...SERVER_IDLE_CLOSE,
    'client_close/FIN,ACK': ['LAST_ACK', 'TIME_WAIT'],
    'client_close/RST,ACK': BOTH_CLOSED,
    server_final_ack: ['CLOSED', 'TIME_WAIT'],
  },
  'l-server-crash': {
    ...OPEN,
    request_1: EST,
    response_1: EST,
    server_fin_on_crash: SERVER_IDLE_CLOSE.server_fin,
    client_ack_of_fin: SERVER_IDLE_CLOSE.client_ack_of_fin,
    request_2: ['CLOSE_WAIT', 'FIN_WAIT_2'],
    server_rst: BOTH_CLOSED,
    rst_ack: BOTH_CLOSED,
  },
  'm-retransmission-timeout': {
    ...OPEN,
    request_2: EST,
    retransmission_5: EST,
    server_late_retransmission: EST,
    client_rst: BOTH_CLOSED,
  },
  'n-zero-window': {
    ...OPEN,
    zero_window: EST,
    window_update: EST,
    last_data: EST,
    client_fin: ['FIN_WAIT_1', 'CLOSE_WAIT'],
    // The server's FIN acknowledges the client's FIN (ack 58).
    server_fin: ['TIME_WAIT', 'LAST_ACK'],
  },
  'o-healthy-keepalive': {
    ...OPEN,
    request_1: EST,
    response_3: EST,
    client_fin: ['FIN_WAIT_1', 'CLOSE_WAIT'],
    server_fin: ['TIME_WAIT', 'LAST_ACK'],
    final_ack: ['TIME_WAIT', 'CLOSED'],
  },
};

/** Key packets that carry data sent after the peer's FIN (Mark.DataAfterPeerFin), per scenario. */
export const DATA_AFTER_PEER_FIN: Record<string, string[]> = {
  'f-keepalive-race': ['client_get_after_fin'],
  'g-stale-keepalive': ['stale_request'],
  'l-server-crash': ['request_2'],
};

export interface ManifestFlow {
  tcp_stream: number;
  client: string;
  server: string;
  key_packets: { name: string; frame: number; tcp_flags: string }[];
}

/** Problems found checking one scenario's flows against the expectations (empty when all hold). */
export function checkScenario(
  scenario: string,
  manifestFlows: ManifestFlow[],
  set: FlowSet,
  endpoint: (f: Flow, side: 'client' | 'server') => string,
): string[] {
  const expected = EXPECTED_STATES[scenario] ?? {};
  const marked = DATA_AFTER_PEER_FIN[scenario] ?? [];
  const problems: string[] = [];
  for (const mf of manifestFlows) {
    const flow = set.flows.find((f) => f.transport === 'tcp' && f.stream === mf.tcp_stream);
    if (!flow) {
      problems.push(`stream ${mf.tcp_stream} missing`);
      continue;
    }
    if (endpoint(flow, 'client') !== mf.client || endpoint(flow, 'server') !== mf.server) {
      problems.push(
        `stream ${mf.tcp_stream}: ${endpoint(flow, 'client')} → ${endpoint(flow, 'server')}, manifest ${mf.client} → ${mf.server}`,
      );
    }
    for (const k of mf.key_packets) {
      const row = k.frame - 1;
      const want = expected[`${k.name}/${k.tcp_flags}`] ?? expected[k.name];
      const got = [
        TCP_STATE_NAMES[set.columns.clientState[row] ?? 0],
        TCP_STATE_NAMES[set.columns.serverState[row] ?? 0],
      ];
      if (want && got.join() !== want.join())
        problems.push(`frame ${k.frame} ${k.name}: ${got} expected ${want}`);
      const afterFin = ((set.columns.marks[row] ?? 0) & Mark.DataAfterPeerFin) !== 0;
      if (afterFin !== marked.includes(k.name))
        problems.push(`frame ${k.frame} ${k.name}: DataAfterPeerFin ${afterFin}`);
    }
  }
  return problems;
}
