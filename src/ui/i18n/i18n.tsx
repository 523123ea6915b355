// The page's words in English and Simplified Chinese. Every UI string goes through `t(key, params)`:
// catalogs (en.ts, zh-CN.ts) hold the same keys (the type checks it, i18n.test.ts checks it at run
// time too), an entry is a string with {name} placeholders or a function of the parameters (for
// plurals). The language is chosen in the page, remembered in localStorage, and defaults from the
// browser's languages. Diagnosis texts are not here: the analysis writes them in either language.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, type MessageKey, type Params } from './en';
import { pickLanguage, rememberLanguage, type UiLang } from './language';
import { zhCN } from './zh-CN';

export type { MessageKey, Params, UiLang };

export type Translate = (key: MessageKey, params?: Params) => string;

const CATALOGS = { en, 'zh-CN': zhCN } as const;

/** Fills {name} placeholders; a missing parameter stays visible as {name} rather than vanishing. */
export function format(template: string, params: Params = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

export function translator(lang: UiLang): Translate {
  const catalog = CATALOGS[lang];
  return (key, params) => {
    const entry = catalog[key] as (typeof catalog)[MessageKey] | undefined;
    // A key built at run time (a key-frame name) may have no entry: the key itself tells the caller.
    if (entry === undefined) return key;
    return typeof entry === 'function' ? entry(params ?? {}) : format(entry, params);
  };
}

interface I18n {
  lang: UiLang;
  setLang: (lang: UiLang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n>({ lang: 'en', setLang: () => {}, t: translator('en') });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<UiLang>(() => pickLanguage());
  const setLang = useCallback((l: UiLang) => {
    setLangState(l);
    rememberLanguage(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const value = useMemo(() => ({ lang, setLang, t: translator(lang) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
