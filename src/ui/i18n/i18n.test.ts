import { describe, expect, it } from 'vitest';
import { en } from './en';
import { format, translator } from './i18n';
import { languageFromTags } from './language';
import { zhCN } from './zh-CN';

const HAN = /[\u4e00-\u9fff]/;
/** Entries that are the same in both languages: protocol tokens, placeholders, punctuation. */
const SAME_IN_BOTH = new Set(['details.http', 'flows.moreLabels', 'frame.syn', 'frame.rst']);

describe('catalogs', () => {
  it('have the same keys in both languages', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, value] of Object.entries(en)) {
      if (typeof value !== 'string') continue;
      const zh = zhCN[key as keyof typeof en];
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(typeof zh === 'string' ? names(zh) : names(value), key).toEqual(names(value));
    }
  });

  it('translate every entry that is words (Chinese text has Han characters)', () => {
    const t = translator('zh-CN');
    const params = { n: 2, count: '2', name: 'x.pcap', s: '1 s', i: 1, frame: 3, stream: 4 };
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      if (SAME_IN_BOTH.has(key) || key === 'list.separator' || key === 'fault.where') continue;
      expect(t(key, params), key).toMatch(HAN);
    }
  });

  it('write plurals in English', () => {
    const t = translator('en');
    expect(t('flows.count', { n: 1, count: '1' })).toBe('1 TCP connection');
    expect(t('flows.count', { n: 100000, count: '100,000' })).toBe('100,000 TCP connections');
  });
});

describe('format', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('frame {n} of {total}', { n: 3 })).toBe('frame 3 of {total}');
  });

  it('returns the key for an entry that does not exist (key-frame names built at run time)', () => {
    expect(translator('en')('frame.noSuchName' as keyof typeof en)).toBe('frame.noSuchName');
  });
});

describe('languageFromTags', () => {
  it('takes the first language the page has, any Chinese as Simplified, else English', () => {
    expect(languageFromTags(['zh-TW', 'en'])).toBe('zh-CN');
    expect(languageFromTags(['fr-FR', 'zh'])).toBe('zh-CN');
    expect(languageFromTags(['en-GB', 'zh-CN'])).toBe('en');
    expect(languageFromTags(['de-DE'])).toBe('en');
    expect(languageFromTags([])).toBe('en');
  });
});
