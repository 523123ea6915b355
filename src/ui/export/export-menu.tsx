// The Export menu of the selected connection (a menu button, WAI-ARIA APG "menu button" pattern):
// Enter, Space or ↓ open it on the first entry, ↑ on the last; ↑ ↓ Home End move, Escape closes and
// gives focus back to the button, Tab closes and moves on. The entries are in flow-exports.ts. The
// outcome is announced in a live status line; when the browser refuses the clipboard, the text is
// shown selected in a box to copy by hand.
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useId, useRef, useState } from 'react';
import { streamFilter } from '../../analysis/wireshark-filter';
import type { PacketTable } from '../../capture/packet-table';
import type { Flow, FlowSet } from '../../flows/model';
import type { DiagnosisFacts } from '../../worker/analysis-api';
import type { CaptureSession } from '../../worker/worker-client';
import type { LadderShown } from '../diagram';
import { type MessageKey, type Translate, useI18n } from '../i18n/i18n';
import { EXPORT_KINDS, type ExportKind, type ExportOutcome, runExport } from './flow-exports';
import './export-menu.css';

interface Props {
  table: PacketTable;
  flowSet: FlowSet;
  flow: Flow;
  fileName: string;
  facts: DiagnosisFacts;
  /** Indexes of the findings that label `flow`, ascending. */
  flowFindings: readonly number[];
  session: CaptureSession;
  shownRef: RefObject<LadderShown | null>;
}

type Status =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; outcome: ExportOutcome }
  | { state: 'failed'; message: string };

const LABEL: Record<ExportKind, MessageKey> = {
  svg: 'export.svg',
  png: 'export.png',
  'mermaid-copy': 'export.mermaidCopy',
  'mermaid-save': 'export.mermaidSave',
  markdown: 'export.markdown',
  pcap: 'export.pcap',
  filter: 'export.filter',
};

function statusText(t: Translate, s: Status): string {
  switch (s.state) {
    case 'idle':
      return '';
    case 'busy':
      return t('export.working');
    case 'failed':
      return t('export.failed', { message: s.message });
    default: {
      const o = s.outcome;
      if (o.kind === 'saved') return t('export.saved', { name: o.name });
      if (o.kind === 'copied') return t('export.copied', { what: o.what });
      return t('export.copyBlocked');
    }
  }
}

const MENU_KEYS = new Set(['ArrowDown', 'ArrowUp', 'Home', 'End', 'Escape', 'ArrowLeft', 'ArrowRight']);

/** The menu entry a key moves the focus to (wrapping around), null for none. */
function moveTo(key: string, at: number, n: number): number | null {
  if (key === 'ArrowDown') return (at + 1) % n;
  if (key === 'ArrowUp') return (at - 1 + n) % n;
  if (key === 'Home') return 0;
  if (key === 'End') return n - 1;
  return null;
}

/** Closes the menu on a press outside it. */
function useOutsidePress(ref: RefObject<HTMLElement | null>, open: boolean, close: () => void): void {
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (!ref.current?.contains(e.target as Node)) close();
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [ref, open, close]);
}

/** A "saved" or "copied" line goes away after a while; a failure or a text to copy by hand stays. */
function useFading(status: Status, set: (s: Status) => void): void {
  useEffect(() => {
    if (status.state !== 'done' || status.outcome.kind === 'copy-blocked') return;
    const id = window.setTimeout(() => set({ state: 'idle' }), 10_000);
    return () => window.clearTimeout(id);
  }, [status, set]);
}

export function ExportMenu(p: Props) {
  const { t, lang } = useI18n();
  const [open, setOpen] = useState<false | 'first' | 'last'>(false);
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const menuId = useId();
  const close = useCallback(() => setOpen(false), []);
  useOutsidePress(root, open !== false, close);
  useFading(status, setStatus);

  useEffect(() => {
    if (!open) return;
    const items = menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]');
    items?.[open === 'first' ? 0 : items.length - 1]?.focus();
  }, [open]);

  const choose = async (kind: ExportKind) => {
    setOpen(false);
    button.current?.focus();
    setStatus({ state: 'busy' });
    try {
      const outcome = await runExport(kind, {
        table: p.table,
        flowSet: p.flowSet,
        flow: p.flow,
        fileName: p.fileName,
        facts: p.facts,
        flowFindings: p.flowFindings,
        session: p.session,
        shown: p.shownRef.current,
        lang,
        t,
      });
      setStatus({ state: 'done', outcome });
    } catch (e) {
      setStatus({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  const onMenuKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Tab') {
      setOpen(false);
      return;
    }
    if (!MENU_KEYS.has(e.key)) return;
    // ← → (which step through the packets behind the menu, use-step-keys.ts) do nothing here
    e.preventDefault();
    if (e.key === 'Escape') {
      setOpen(false);
      button.current?.focus();
      return;
    }
    const to = moveTo(e.key, at, items.length);
    if (to !== null) items[to]?.focus();
  };

  const onButtonKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(e.key === 'ArrowDown' ? 'first' : 'last');
    }
  };

  const text = statusText(t, status);
  const blocked =
    status.state === 'done' && status.outcome.kind === 'copy-blocked' ? status.outcome.text : null;
  return (
    <div className="export-menu" ref={root}>
      <button
        ref={button}
        type="button"
        className="button"
        data-testid="export-button"
        aria-haspopup="menu"
        aria-expanded={open !== false}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => (o ? false : 'first'))}
        onKeyDown={onButtonKey}
      >
        {t('export.button')} <span aria-hidden="true">▾</span>
      </button>
      {open && (
        <div
          ref={menu}
          id={menuId}
          role="menu"
          aria-label={t('export.menu')}
          className="export-list"
          data-testid="export-menu"
          onKeyDown={onMenuKey}
        >
          {EXPORT_KINDS.map((kind) => (
            <button
              key={kind}
              type="button"
              role="menuitem"
              tabIndex={-1}
              data-testid={`export-${kind}`}
              onClick={() => void choose(kind)}
            >
              {t(LABEL[kind], { filter: streamFilter(p.flow) })}
            </button>
          ))}
        </div>
      )}
      <p className="export-status" role="status" data-testid="export-status" data-state={status.state}>
        {text}
      </p>
      {blocked !== null && (
        <textarea
          className="export-fallback"
          data-testid="export-fallback"
          readOnly
          value={blocked}
          aria-label={t('export.copyBlocked')}
          ref={(el) => el?.select()}
        />
      )}
    </div>
  );
}
