import { describe, expect, it } from 'vitest';
import { diagnose } from '../diagnose';
import { LABELS } from '../labels';
import { RULES } from '../rules';
import { buildCapture } from '../testing/capture-script';
import { RULE_CASES } from '../testing/rule-cases';
import { LIBRARIES } from '../types';
import { en } from './en';
import type { TextPack } from './types';
import { zhCN } from './zh-CN';

/** Every key path of a pack (functions are leaves). */
function keyPaths(o: unknown, prefix = ''): string[] {
  if (o === null || typeof o !== 'object') return [prefix];
  return Object.entries(o as Record<string, unknown>).flatMap(([k, v]) =>
    keyPaths(v, prefix ? `${prefix}.${k}` : k),
  );
}

describe('language packs', () => {
  it('en and zh-CN have exactly the same keys', () => {
    expect(keyPaths(zhCN).sort()).toEqual(keyPaths(en).sort());
  });

  it('name every label and cover every rule', () => {
    for (const pack of [en, zhCN] as TextPack[]) {
      for (const l of LABELS) expect(pack.labels[l]).toBeTruthy();
      for (const r of RULES) expect(pack.rules[r.id]).toBeDefined();
    }
  });

  it('have a fix for every library in every fix family', () => {
    for (const pack of [en, zhCN] as TextPack[]) {
      for (const [family, texts] of Object.entries(pack.fixes)) {
        for (const lib of LIBRARIES) {
          const s = texts[lib]({ idle: 15, limit: 20, method: 'GET', idempotent: true });
          expect(s.length, `${family}/${lib}`).toBeGreaterThan(20);
        }
      }
    }
  });
});

describe('rendered findings', () => {
  for (const rule of RULES.map((r) => r.id)) {
    for (const lang of ['en', 'zh-CN'] as const) {
      it(`${rule} (${lang}): title, explanation, server fix and a fix for every library, no holes`, () => {
        const c = RULE_CASES[rule]();
        const { table, flows } = buildCapture(c.packets, c.conns);
        const d = diagnose(table, flows, { lang });
        const f = d.findings.find((x) => x.rule === rule);
        expect(f).toBeDefined();
        if (!f) return;
        expect(f.fixes.map((x) => x.library)).toEqual([...LIBRARIES]);
        const all = [f.title, f.explanation, f.serverFix, ...f.fixes.map((x) => x.text)];
        for (const s of all) {
          expect(s.length).toBeGreaterThan(10);
          expect(s).not.toMatch(/undefined|NaN|\[object|null/);
        }
        const cited = Object.values(f.keyFrames);
        expect(cited.some((n) => f.explanation.includes(String(n)))).toBe(true);
        if (lang === 'zh-CN') expect(f.explanation).toMatch(/[\u4e00-\u9fff]/);
      });
    }
  }
});
