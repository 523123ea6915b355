import { describe, expect, it } from 'vitest';
import { EndpointPairs } from '../capture/endpoint-pairs';
import { ConversationTable } from './conversation-table';
import { FLAGS, FLOW_WORDS, FlowBit, FlowRecords, KEY_HI, KEY_LO, KEY_PORTS } from './flow-record';

/** The flow of a packet's pair, giving the conversation a new flow when it has none (as the builder does). */
function lookup(t: ConversationTable, recs: FlowRecords, pairs: EndpointPairs, row: number): number {
  const pair = row >>> 1;
  let flow = t.flow(pair);
  if (flow < 0) {
    flow = recs.add();
    t.writeKey(flow, pairs, pair);
    t.setFlow(pair, flow);
  }
  return flow;
}

describe('conversation table', () => {
  it('finds one conversation from both directions and writes its key, lower endpoint first', () => {
    const recs = new FlowRecords();
    const pairs = new EndpointPairs();
    const t = new ConversationTable(recs);
    const a = lookup(t, recs, pairs, pairs.intern(4, 6, 2, 80, 1, 40000));
    expect(lookup(t, recs, pairs, pairs.intern(4, 6, 1, 40000, 2, 80))).toBe(a);
    const udp = lookup(t, recs, pairs, pairs.intern(4, 17, 1, 40000, 2, 80));
    expect(udp).not.toBe(a);
    const k = a * FLOW_WORDS;
    expect([recs.u[k + KEY_LO], recs.u[k + KEY_HI], recs.u[k + KEY_PORTS]]).toEqual([
      1,
      2,
      ((40000 << 16) | 80) >>> 0,
    ]);
    expect((recs.u[k + FLAGS] ?? 0) & FlowBit.Udp).toBe(0);
    expect((recs.u[udp * FLOW_WORDS + FLAGS] ?? 0) & FlowBit.Udp).toBe(FlowBit.Udp);
    expect(t.length).toBe(2);
  });

  it('keeps every conversation and its flow for many pairs', () => {
    const recs = new FlowRecords();
    const pairs = new EndpointPairs();
    const t = new ConversationTable(recs);
    const n = 50_000;
    const flows: number[] = [];
    for (let i = 0; i < n; i++)
      flows.push(
        lookup(t, recs, pairs, pairs.intern(4, 6, i % 977, 1024 + (i % 50_000), 5000 + (i % 13), 443)),
      );
    expect(t.length).toBe(n);
    expect(new Set(flows).size).toBe(n);
    for (let i = 0; i < n; i += 997)
      expect(t.flow(pairs.intern(4, 6, 5000 + (i % 13), 443, i % 977, 1024 + (i % 50_000)) >>> 1)).toBe(
        flows[i],
      );
  });

  it('re-points a conversation at a newer flow with the same key', () => {
    const recs = new FlowRecords();
    const pairs = new EndpointPairs();
    const t = new ConversationTable(recs);
    const row = pairs.intern(4, 6, 1, 40000, 2, 80);
    const first = lookup(t, recs, pairs, row);
    const second = recs.add();
    t.writeKey(second, pairs, row >>> 1);
    t.setFlow(row >>> 1, second);
    expect(second).not.toBe(first);
    expect(t.flow(pairs.intern(4, 6, 2, 80, 1, 40000) >>> 1)).toBe(second);
    expect(t.length).toBe(1);
  });
});
