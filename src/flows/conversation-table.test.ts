import { describe, expect, it } from 'vitest';
import { ConversationTable } from './conversation-table';

describe('conversation table', () => {
  it('finds the same conversation from both directions and tells protocols apart', () => {
    const t = new ConversationTable();
    const a = t.find(6, 1, 40000, 2, 80);
    expect(t.find(6, 2, 80, 1, 40000)).toBe(a);
    expect(t.find(17, 1, 40000, 2, 80)).not.toBe(a);
    expect(t.find(6, 1, 40001, 2, 80)).not.toBe(a);
    // Same address both sides: the ports still make the key.
    const self = t.find(6, 3, 1000, 3, 2000);
    expect(t.find(6, 3, 2000, 3, 1000)).toBe(self);
  });

  it('keeps every conversation and its flow through many rehashes', () => {
    const t = new ConversationTable();
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      const c = t.find(6, i % 977, 1024 + (i % 50_000), 5000 + (i % 13), 443);
      t.setFlow(c, i);
    }
    expect(t.length).toBe(n);
    for (let i = 0; i < n; i += 997) {
      const c = t.find(6, 5000 + (i % 13), 443, i % 977, 1024 + (i % 50_000));
      expect(t.flow(c)).toBe(i);
    }
    expect(t.length).toBe(n);
  });
});
