// Which language the page starts in: the one the user chose before (localStorage), else the first
// of the browser's languages we have (any Chinese tag reads Simplified Chinese), else English.
import { readStored, writeStored } from '../storage';

export type UiLang = 'en' | 'zh-CN';
export const UI_LANGS: readonly UiLang[] = ['en', 'zh-CN'];

const KEY = 'wirelens.lang';

export function languageFromTags(tags: readonly string[]): UiLang {
  for (const tag of tags) {
    const t = tag.toLowerCase();
    if (t.startsWith('zh')) return 'zh-CN';
    if (t.startsWith('en')) return 'en';
  }
  return 'en';
}

function browserTags(): string[] {
  if (typeof navigator === 'undefined') return [];
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  return tags.filter(Boolean);
}

export function pickLanguage(): UiLang {
  const saved = readStored(KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return languageFromTags(browserTags());
}

export function rememberLanguage(lang: UiLang): void {
  writeStored(KEY, lang);
}
