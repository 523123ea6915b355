// The language menu in the page header. Language names are written in their own language, so a
// reader finds theirs whatever the page is in.
import { useId } from 'react';
import { useI18n } from './i18n/i18n';
import { UI_LANGS, type UiLang } from './i18n/language';

const NAMES: Record<UiLang, string> = { en: 'English', 'zh-CN': '简体中文' };

export function LanguageSwitcher() {
  const { lang, setLang, t } = useI18n();
  const id = useId();
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('lang.label')}</label>
      <select
        id={id}
        data-testid="language"
        value={lang}
        onChange={(e) => setLang(e.currentTarget.value as UiLang)}
      >
        {UI_LANGS.map((l) => (
          <option key={l} value={l} lang={l}>
            {NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
