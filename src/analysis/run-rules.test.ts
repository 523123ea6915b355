import { describe, expect, it } from 'vitest';
import { diagnose } from './diagnose';
import { RULES } from './rules';
import { diagnoseFlow } from './run-rules';
import { buildCapture } from './testing/capture-script';
import { RULE_CASES } from './testing/rule-cases';
import type { Rule } from './types';

const throwing: Rule = {
  id: 'zero-window',
  needs: ['facts'],
  run() {
    throw new Error('boom');
  },
};

describe('runRules', () => {
  it('records a throwing rule with its id and message, and the other rules still run', () => {
    const c = RULE_CASES['stale-keepalive-reuse']();
    const { table, flows } = buildCapture(c.packets);
    const rules = [throwing, ...RULES.filter((r) => r.id !== 'zero-window')];
    const d = diagnose(table, flows, { rules });
    expect(d.ruleErrors).toEqual([{ rule: 'zero-window', message: 'boom' }]);
    expect(d.flows[0]?.diagnosis).toBe('stale-keepalive-reuse');
  });

  it('fails the rules whose declared need cannot be computed, and only those', () => {
    const c = RULE_CASES['stale-keepalive-reuse']();
    const { table, flows } = buildCapture(c.packets);
    const broken = { ...flows, flows: flows.flows.map((f) => ({ ...f, http: null as unknown as [] })) };
    const noNeeds: Rule = { id: 'reset-burst', needs: [], run: () => [] };
    const d = diagnose(table, broken, { rules: [RULES[0] as Rule, noNeeds] });
    expect(d.ruleErrors.map((e) => e.rule)).toEqual(['stale-keepalive-reuse', 'idle-timeouts']);
    expect(d.ruleErrors[0]?.message).toMatch(/^needs facts: facts failed/);
  });

  it('chooses the primary diagnosis by precedence and keeps the rest as labels', () => {
    expect(diagnoseFlow(new Set(['reset-burst', 'close-wait-leak']))).toEqual({
      diagnosis: 'close-wait-leak',
      labels: ['reset-burst'],
    });
    expect(diagnoseFlow(new Set(['connection-refused', 'server-crash']))).toEqual({
      diagnosis: 'server-crash',
      labels: ['connection-refused'],
    });
    expect(diagnoseFlow(new Set())).toEqual({ diagnosis: 'healthy', labels: [] });
  });

  it('gives every flow exactly one diagnosis, indexed like flows.flows', () => {
    const c = RULE_CASES['server-crash']();
    const { table, flows } = buildCapture(c.packets);
    const d = diagnose(table, flows);
    expect(d.flows).toHaveLength(flows.flows.length);
    for (const f of d.flows) expect(f.labels).not.toContain(f.diagnosis);
  });
});
