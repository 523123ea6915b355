// What was read: format, packet count, link types, warnings (with where they were found), and the
// TCP connections.
import { useEffect, useRef } from 'react';
import type { LoadedCapture } from '../worker/worker-client';
import { FlowTable } from './flow-table';
import { faultPosition, formatBytes, formatCount, linkTypeName } from './format';

function formatLabel(c: LoadedCapture): string {
  if (!c.format) return 'unknown';
  return c.compressed ? `${c.format}, ${c.compressed}-compressed` : c.format;
}

export function CaptureSummary({ capture }: { capture: LoadedCapture }) {
  const seconds = capture.elapsedMs / 1000;
  const heading = useRef<HTMLHeadingElement>(null);
  // The Cancel button that had focus is gone: put keyboard focus where the result starts (after a
  // fault, LoadError above takes it instead).
  const focusHere = !capture.error;
  useEffect(() => {
    if (focusHere) heading.current?.focus();
  }, [focusHere]);
  return (
    <section
      className="summary"
      data-testid="summary"
      data-packets={capture.packets}
      aria-labelledby="summary-title"
    >
      <h2 id="summary-title" ref={heading} tabIndex={-1}>
        “{capture.fileName}” <span className="muted">({formatBytes(capture.fileSize)})</span>
      </h2>
      <dl className="facts">
        <div>
          <dt>Format</dt>
          <dd data-testid="format">{formatLabel(capture)}</dd>
        </div>
        <div>
          <dt>Packets</dt>
          <dd data-testid="packet-count">{formatCount(capture.packets)}</dd>
        </div>
        <div>
          <dt>Link types</dt>
          <dd data-testid="link-types">{capture.linkTypes.map(linkTypeName).join(', ') || 'none'}</dd>
        </div>
        <div>
          <dt>Read in</dt>
          <dd>
            {seconds < 1 ? `${Math.max(1, Math.round(capture.elapsedMs))} ms` : `${seconds.toFixed(1)} s`}
          </dd>
        </div>
      </dl>
      {capture.truncated && !capture.error && capture.warnings.length === 0 && (
        <p className="note">The file ends part-way through a packet: everything before it is shown.</p>
      )}
      <Warnings warnings={capture.warnings} />
      <FlowTable flows={capture.flows} />
    </section>
  );
}

function Warnings({ warnings }: { warnings: LoadedCapture['warnings'] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="warnings">
      <h3>
        {formatCount(warnings.length)} warning{warnings.length === 1 ? '' : 's'}
      </h3>
      <ul>
        {warnings.map((w, i) => {
          // Most reader messages already say where ("frame 13 at offset 1366 is cut short"): add the
          // position only when the text does not.
          const at = w.frame !== undefined && w.message.includes(`frame ${w.frame}`) ? '' : faultPosition(w);
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: warnings are a fixed list, never reordered.
            <li key={i} data-testid="warning" data-frame={w.frame} data-offset={w.offset}>
              {w.message}
              {at && <span className="muted"> — at {at}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}
