// What Wirelens is and the ways to open a capture: drop anywhere, pick a file, or open an example.
import type { Example } from './examples';
import { FilePicker } from './file-picker';
import { useI18n } from './i18n/i18n';

export function Landing({
  onFile,
  onExample,
  examples,
}: {
  onFile: (f: File) => void;
  onExample: (e: Example) => void;
  /** null while the list is being fetched. */
  examples: readonly Example[] | null;
}) {
  const { t, lang } = useI18n();
  return (
    <section className="landing" aria-labelledby="landing-title">
      <h2 id="landing-title">{t('landing.title')}</h2>
      <p className="drop-hint">{t('landing.dropHint')}</p>
      <div className="actions">
        <FilePicker onFile={onFile} label={t('picker.choose')} />
      </div>
      <p className="privacy">{t('landing.privacy')}</p>
      <section className="examples" aria-labelledby="examples-title">
        <h3 id="examples-title">{t('landing.examples')}</h3>
        {examples === null ? (
          <p className="muted">{t('landing.examplesLoading')}</p>
        ) : examples.length === 0 ? (
          <p className="muted" data-testid="examples-offline">
            {t('landing.examplesOffline')}
          </p>
        ) : (
          <ul>
            {examples.map((e) => (
              <li key={e.id}>
                <button
                  type="button"
                  className="example-button"
                  data-testid="example"
                  data-example={e.id}
                  onClick={() => onExample(e)}
                >
                  <span className="visually-hidden">{t('landing.openExample')}: </span>
                  {e.title[lang]}
                </button>
                {e.description && <p className="example-description">{e.description[lang]}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}
