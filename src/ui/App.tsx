// The application shell: what Wirelens is, a window-wide drop target, the file picker, the loading bar
// and the summary of what was read. Parsing happens in the analysis worker (src/worker).
import { useCallback, useEffect, useRef } from 'react';
import { CaptureSummary } from './capture-summary';
import { type Example, exampleFromQuery, fetchExample } from './examples';
import { FilePicker } from './file-picker';
import { Landing } from './landing';
import { LoadError } from './load-error';
import { LoadProgress } from './load-progress';
import { type LoadState, useCaptureLoader } from './use-capture-loader';
import { useWindowDrop } from './use-window-drop';
import './app.css';

export function App() {
  const { state, load, cancel, fail } = useCaptureLoader();
  const dragging = useWindowDrop(load);
  const openExample = useCallback(
    (e: Example) => {
      fetchExample(e).then(load, (err: unknown) =>
        fail(e.file, err instanceof Error ? err.message : String(err)),
      );
    },
    [load, fail],
  );
  useExampleFromUrl(openExample);

  return (
    <div className="app">
      <header className="masthead">
        <h1>Wirelens</h1>
        <p className="intro">
          Drop a packet capture from tcpdump or Wireshark (pcap or pcapng, also gzip- or zstd-compressed) and
          see every TCP connection as a ladder diagram with a plain-language diagnosis: who closed first,
          which request met a reset, where a connection sat idle. The capture is read right here in your
          browser: nothing leaves your computer.
        </p>
      </header>
      <main>
        {state.phase === 'idle' && <Landing onFile={load} onExample={openExample} />}
        {state.phase === 'loading' && (
          <LoadProgress
            fileName={state.fileName}
            fileSize={state.fileSize}
            progress={state.progress}
            onCancel={cancel}
          />
        )}
        {(state.phase === 'done' || state.phase === 'failed') && (
          <>
            <div className="toolbar">
              <FilePicker onFile={load} label="Open another capture…" />
            </div>
            <Outcome state={state} />
          </>
        )}
      </main>
      {dragging && (
        <div className="drop-overlay" aria-hidden="true">
          <p>Drop the capture to open it</p>
        </div>
      )}
      <p className="visually-hidden" role="status">
        {statusText(state)}
      </p>
    </div>
  );
}

function Outcome({ state }: { state: Extract<LoadState, { phase: 'done' | 'failed' }> }) {
  if (state.phase === 'failed') {
    return (
      <LoadError
        fileName={state.fileName}
        failure={{ kind: 'internal', message: state.message }}
        packetsKept={0}
      />
    );
  }
  const c = state.capture;
  return (
    <>
      {c.error && <LoadError fileName={c.fileName} failure={c.error} packetsKept={c.packets} />}
      {(!c.error || c.table) && <CaptureSummary capture={c} />}
    </>
  );
}

function statusText(state: LoadState): string {
  switch (state.phase) {
    case 'idle':
      return '';
    case 'loading':
      return `Reading ${state.fileName}`;
    case 'failed':
      return `Could not read ${state.fileName}`;
    default:
      return state.capture.error
        ? `Could not fully read ${state.capture.fileName}`
        : `Read ${state.capture.packets} packets from ${state.capture.fileName}`;
  }
}

/** `?example=g-stale-keepalive` opens that example once, so `npm start` can print a link with it loaded. */
function useExampleFromUrl(open: (e: Example) => void): void {
  const done = useRef(false);
  useEffect(() => {
    if (done.current) return;
    done.current = true;
    const e = exampleFromQuery(window.location.search);
    if (e) open(e);
  }, [open]);
}
