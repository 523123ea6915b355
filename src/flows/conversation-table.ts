// Finds the flow a packet belongs to with no hash of its own: the reader already interned each
// packet's addresses, ports and protocol as an endpoint pair (capture/endpoint-pairs.ts), in
// canonical order (lower endpoint first, so both directions share it), and the row's low bit says
// which end sent it. A conversation is a pair, so the lookup is one array read by pair index. Each
// conversation points at its current flow; a reused 5-tuple (Wireshark's "port numbers reused")
// re-points it at a new flow with the same key, as packet-tcp.c does when it calls
// conversation_new() for the same addresses and ports. With the flow index, each conversation keeps
// two bits for the flow builder's short path (ConvBit), so a common segment reads nothing per flow.
import type { EndpointPairs } from '../capture/endpoint-pairs';
import { Proto } from '../capture/packet-table';
import { FLAGS, FLOW_WORDS, FlowBit, type FlowRecords, KEY_HI, KEY_LO, KEY_PORTS } from './flow-record';

/** Bits kept with a conversation's current flow (its entry's low two bits). */
export const ConvBit = {
  /** No TCP segment without SYN, FIN or RST can change the flow's record any more (flow-builder.ts). */
  Settled: 1 << 0,
  /** The Dir of a packet whose source is the conversation's lower endpoint. */
  DirWhenLo: 1 << 1,
} as const;

export class ConversationTable {
  /** Number of conversations (distinct endpoint pairs given a flow). */
  length = 0;
  /** Per pair index, (flow index + 1) << 2 | ConvBit bits; 0 while the pair has no flow. */
  private flows = new Int32Array(1024);

  constructor(private readonly recs: FlowRecords) {}

  /** The current flow of the conversation of endpoint pair `pair`, -1 for none yet. */
  flow(pair: number): number {
    return ((this.flows[pair] ?? 0) >> 2) - 1;
  }

  /** The entry of `pair`: (flow index + 1) << 2 | ConvBit bits, 0 for no flow yet. */
  entry(pair: number): number {
    return this.flows[pair] ?? 0;
  }

  /** Sets the ConvBit bits of the conversation of `pair`, which has a flow. */
  setBits(pair: number, bits: number): void {
    this.flows[pair] = ((this.flows[pair] ?? 0) & ~3) | bits;
  }

  /** Writes the key of `pair` (lower endpoint, higher endpoint, their ports, whether UDP) into the
   * record of flow `flow`: connection-summary.ts reads the endpoints from there. */
  writeKey(flow: number, pairs: EndpointPairs, pair: number): void {
    const u = this.recs.u;
    const k = flow * FLOW_WORDS;
    const udp = ((pairs.kind[pair] ?? 0) & 0xff) === Proto.UDP ? FlowBit.Udp : 0;
    u[k + KEY_LO] = pairs.a[pair] ?? 0;
    u[k + KEY_HI] = pairs.b[pair] ?? 0;
    u[k + KEY_PORTS] = pairs.ports[pair] ?? 0;
    u[k + FLAGS] = ((u[k + FLAGS] ?? 0) & ~FlowBit.Udp) | udp;
  }

  /** Points the conversation of `pair` at `flow` (its ConvBit bits cleared). */
  setFlow(pair: number, flow: number): void {
    if (pair >= this.flows.length) {
      let size = this.flows.length * 2;
      while (size <= pair) size *= 2;
      const grown = new Int32Array(size);
      grown.set(this.flows);
      this.flows = grown;
    }
    if (this.flows[pair] === 0) this.length++;
    this.flows[pair] = (flow + 1) << 2;
  }
}
