import { describe, expect, it } from 'vitest';
import type { RuleLabel } from '../labels';
import { diagnoseScript, findingsFor } from '../testing/diagnose-script';
import { RULE_CASES } from '../testing/rule-cases';

describe('every rule fires on its hand-built pattern', () => {
  for (const [rule, make] of Object.entries(RULE_CASES) as [RuleLabel, (typeof RULE_CASES)[RuleLabel]][]) {
    it(`labels the ${rule} pattern as ${rule}`, () => {
      const c = make();
      const d = diagnoseScript(c.packets, c.conns);
      expect(d.ruleErrors).toEqual([]);
      expect(d.flows[c.conn]?.diagnosis).toBe(rule);
      const f = findingsFor(d, rule, c.conn);
      expect(f.length).toBe(1);
      expect(f[0]?.frames.length).toBeGreaterThan(0);
    });
  }
});
