// Dev harness: one ladder on a page, for looking at it and screenshotting it (screenshot.mjs). Not
// part of the app build. `?capture=URL&stream=N&frame=M` loads a capture and runs the whole pipeline
// in the page; `?synthetic=1000000` draws a synthetic flow of that many packets.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { analyzeCapture } from '../../../analysis/analyze-capture';
import { bufferSource } from '../../../capture/buffer-source';
import { Mark } from '../../../flows/model';
import { Ladder } from '../Ladder';
import type { LadderSource } from '../ladder-layout';
import { syntheticFlow } from '../testing/synthetic-flow';

const params = new URLSearchParams(window.location.search);

/** Six packets whose first one starts a request with markup and script in its target line. */
function markupSource(): LadderSource {
  const source = syntheticFlow({ packets: 6 });
  const target = '/<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>';
  source.columns.marks[1] = Mark.HttpStart;
  source.flow.http = [
    {
      request: {
        kind: 'request',
        row: 1,
        endRow: 1,
        method: 'GET',
        target,
        version: 'HTTP/1.1',
        chunked: false,
        bodyBytes: 0,
      },
      response: null,
      unanswered: true,
    },
  ];
  return source;
}

async function loadSource(): Promise<LadderSource> {
  if (params.has('markup')) return markupSource();
  const synthetic = Number(params.get('synthetic') ?? 0);
  if (synthetic > 0) return syntheticFlow({ packets: synthetic, gapEvery: 100_000, gapSeconds: 65 });
  const url = params.get('capture') ?? '';
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const r = await analyzeCapture(bufferSource(bytes, url));
  const stream = Number(params.get('stream') ?? 0);
  const flow = r.flows.flows.find((f) => f.transport === 'tcp' && f.stream === stream);
  if (!flow) throw new Error(`no TCP stream ${stream} in ${url}`);
  return { flow, table: r.capture.table, columns: r.flows.columns };
}

function Harness() {
  const [source, setSource] = useState<LadderSource | null>(null);
  const [error, setError] = useState('');
  const [frame, setFrame] = useState<number | null>(params.has('frame') ? Number(params.get('frame')) : null);
  useEffect(() => {
    loadSource().then(setSource, (e: unknown) => setError(String(e)));
  }, []);
  useEffect(() => {
    if (!source) return;
    const rows = source.flow.rows;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const at = frame === null ? -1 : rows.indexOf(frame - 1);
      const next = Math.max(0, Math.min(rows.length - 1, at + (e.key === 'ArrowRight' ? 1 : -1)));
      setFrame((rows[next] ?? 0) + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [source, frame]);
  if (error) return <p role="alert">{error}</p>;
  if (!source) return <p>Loading…</p>;
  return (
    <main style={{ maxWidth: Number(params.get('width') ?? 860), margin: '12px auto', padding: '0 12px' }}>
      <Ladder
        flow={source.flow}
        table={source.table}
        columns={source.columns}
        currentFrame={frame}
        onSelectFrame={setFrame}
        height={Number(params.get('height') ?? 560)}
      />
      <p data-testid="harness-frame">current frame: {frame ?? 'none'}</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <Harness />
    </StrictMode>,
  );
