// The application shell: what Wirelens is, a window-wide drop target, the file picker, the language
// switcher, the loading bar, and the loaded capture (CaptureView). Parsing and analysis happen in the
// analysis worker (src/worker).
import { useCallback, useEffect, useRef, useState } from 'react';
// Share: `?url=` loading, the link to the selected packet, and the offline build's limits.
import { OFFLINE_BUILD } from './build-flavour';
import { CaptureView } from './capture-view';
import { type Example, exampleFromQuery, fetchExample, loadExamples } from './examples';
import { FilePicker } from './file-picker';
import { I18nProvider, type Translate, useI18n } from './i18n/i18n';
import { Landing } from './landing';
import { LanguageSwitcher } from './language-switcher';
import { LoadError } from './load-error';
import { LoadProgress } from './load-progress';
import { forgetHashOwner } from './position-memory';
import { urlFromQuery, useUrlFromQuery } from './query-load';
import { ShareLink } from './share-link';
import { UrlLoadError } from './url-load-error';
import { type LoadState, useCaptureLoader } from './use-capture-loader';
import { useWindowDrop } from './use-window-drop';
import './app.css';

export function App() {
  return (
    <I18nProvider>
      <Shell />
    </I18nProvider>
  );
}

function Shell() {
  const { t } = useI18n();
  const { state, load, loadUrl, cancel, fail } = useCaptureLoader();
  const dragging = useWindowDrop(load);
  const examples = useExamples();
  const openExample = useCallback(
    (e: Example) => {
      fetchExample(e).then(
        (file) => load(file, { kind: 'example', id: e.id }),
        (err: unknown) => fail(e.file, err instanceof Error ? err.message : String(err)),
      );
    },
    [load, fail],
  );
  useExampleFromUrl(examples, openExample);
  useUrlFromQuery(loadUrl, fail);
  const loaded = state.phase === 'done' || state.phase === 'failed';

  return (
    <div className={`app phase-${state.phase}`}>
      <header className="masthead">
        <div className="masthead-bar">
          <h1>Wirelens</h1>
          {state.phase === 'done' && <ShareLink source={state.source} />}
          {loaded && <FilePicker onFile={load} label={t('picker.another')} />}
          <LanguageSwitcher />
        </div>
        {state.phase === 'idle' && <p className="intro">{t('app.intro')}</p>}
      </header>
      <main>
        {state.phase === 'idle' && <Landing onFile={load} onExample={openExample} examples={examples} />}
        {state.phase === 'loading' && (
          <LoadProgress
            fileName={state.fileName}
            fileSize={state.fileSize}
            progress={state.progress}
            onCancel={cancel}
          />
        )}
        {state.phase === 'failed' && state.urlFailure && <UrlLoadError failure={state.urlFailure} />}
        {state.phase === 'failed' && !state.urlFailure && (
          <LoadError
            fileName={state.fileName}
            failure={{ kind: 'internal', message: state.message }}
            packetsKept={0}
          />
        )}
        {state.phase === 'done' && (
          <CaptureView
            key={state.loadId}
            capture={state.capture}
            progress={state.progress}
            onCancel={cancel}
          />
        )}
      </main>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>{t('drop.overlay')}</p>
        </div>
      )}
      <p className="visually-hidden" role="status">
        {statusText(t, state)}
      </p>
    </div>
  );
}

function statusText(t: Translate, state: LoadState): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'loading':
      return t('status.reading', { name: state.fileName });
    case 'failed':
      return t('status.failed', { name: state.fileName });
    default:
      if (state.capture.pending) return t('status.listed', { name: state.capture.fileName });
      return state.capture.error
        ? t('status.partial', { name: state.capture.fileName })
        : t('status.read', { n: state.capture.packets, name: state.capture.fileName });
  }
}

function useExamples(): readonly Example[] | null {
  const [examples, setExamples] = useState<readonly Example[] | null>(null);
  useEffect(() => {
    // The offline build ships no examples (and may fetch nothing): the landing page says so.
    if (OFFLINE_BUILD) {
      setExamples([]);
      return;
    }
    let live = true;
    loadExamples().then((list) => {
      if (live) setExamples(list);
    });
    return () => {
      live = false;
    };
  }, []);
  return examples;
}

/** `?example=stale-keepalive-reuse` opens that example once, so `npm start` can print a link with it loaded. */
function useExampleFromUrl(examples: readonly Example[] | null, open: (e: Example) => void): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current || !examples) return;
    done.current = true;
    // `?url=` wins over `?example=` (query-load.ts opens it).
    if (urlFromQuery(window.location.search) !== null) return;
    const e = exampleFromQuery(window.location.search, examples);
    if (!e) return;
    forgetHashOwner();
    open(e);
  }, [examples, open]);
}
