import { describe, expect, it } from 'vitest';
import { ConversationTable } from './conversation-table';
import { FlowRecords } from './flow-record';

/** Finds a conversation and, when it is new, gives it a new flow record (as the flow builder does). */
function lookup(t: ConversationTable, recs: FlowRecords, ...key: [number, number, number, number, number]) {
  const slot = t.find(...key);
  let flow = t.flow(slot);
  if (flow < 0) {
    flow = recs.add();
    t.writeKey(flow);
    t.setFlow(slot, flow);
  }
  return flow;
}

describe('conversation table', () => {
  it('finds the same conversation from both directions and tells protocols apart', () => {
    const recs = new FlowRecords();
    const t = new ConversationTable(recs);
    const a = lookup(t, recs, 6, 1, 40000, 2, 80);
    expect(lookup(t, recs, 6, 2, 80, 1, 40000)).toBe(a);
    expect(t.srcIsLo).toBe(false);
    expect(lookup(t, recs, 17, 1, 40000, 2, 80)).not.toBe(a);
    expect(lookup(t, recs, 6, 1, 40001, 2, 80)).not.toBe(a);
    // Same address both sides: the ports still make the key.
    const self = lookup(t, recs, 6, 3, 1000, 3, 2000);
    expect(lookup(t, recs, 6, 3, 2000, 3, 1000)).toBe(self);
    expect(t.length).toBe(4);
  });

  it('keeps every conversation and its flow through many rehashes', () => {
    const recs = new FlowRecords();
    const t = new ConversationTable(recs);
    const n = 50_000;
    const flows: number[] = [];
    for (let i = 0; i < n; i++)
      flows.push(lookup(t, recs, 6, i % 977, 1024 + (i % 50_000), 5000 + (i % 13), 443));
    expect(t.length).toBe(n);
    expect(new Set(flows).size).toBe(n);
    for (let i = 0; i < n; i += 997) {
      const slot = t.find(6, 5000 + (i % 13), 443, i % 977, 1024 + (i % 50_000));
      expect(t.flow(slot)).toBe(flows[i]);
    }
    expect(t.length).toBe(n);
  });

  it('re-points a conversation at a newer flow with the same key', () => {
    const recs = new FlowRecords();
    const t = new ConversationTable(recs);
    const first = lookup(t, recs, 6, 1, 40000, 2, 80);
    const slot = t.find(6, 1, 40000, 2, 80);
    const second = recs.add();
    t.writeKey(second);
    t.setFlow(slot, second);
    expect(second).not.toBe(first);
    expect(t.flow(t.find(6, 2, 80, 1, 40000))).toBe(second);
    expect(t.length).toBe(1);
  });
});
