// Every TCP connection of the capture, problem connections first: a virtualized table (only the rows
// in view are in the DOM, so 100 000 connections scroll like 10; the table body is the scroll
// container and each row is placed at its offset), sortable by any column, filtered by the diagnosis
// chips above and by the filter box. Keyboard: the rows are one tab stop (roving tabindex); ↑/↓,
// Page Up/Down, Home/End move between rows, Enter or Space selects.
// The early list of a big file (entries.pending) has no diagnosis yet: its Diagnosis cells say
// "analysing" (aria-busy). When the whole result replaces it, the rows come in the diagnosis' order;
// the active row and the connection at the top of the view (or the selected one, if in view) stay
// where they were on screen.
import { memo, useDeferredValue, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { LABELS, type Label, SEVERITY } from '../../analysis/labels';
import { formatBytes, formatCount, formatDuration, formatShortSeconds } from '../format';
import { type MessageKey, useI18n } from '../i18n/i18n';
import { Badge, type FlowEntries, type FlowEntry } from './flow-entries';
import { filterEntries } from './flow-filter';
import { DEFAULT_SORT, nextSort, type Sort, type SortKey, sortIndexes } from './flow-sort';
import { scrollRowIntoView, useVirtualWindow } from './use-virtual-window';

export const ROW_HEIGHT = 34;

/** The names of the diagnoses while they are pending (the filter box matches their ids). */
export const PENDING_NAMES = Object.fromEntries(LABELS.map((l) => [l, l])) as Record<Label, string>;
const VISIBLE_ROWS = 9;

interface Props {
  entries: FlowEntries;
  names: Record<Label, string>;
  diagnosisFilter: Label | null;
  onClearDiagnosisFilter: () => void;
  selectedFlow: number | null;
  onSelect: (flow: number) => void;
}

const COLUMNS: { key: SortKey | null; label: MessageKey; className: string }[] = [
  { key: 'stream', label: 'flows.col.stream', className: 'col-stream num' },
  { key: 'client', label: 'flows.col.client', className: 'col-endpoint' },
  { key: 'server', label: 'flows.col.server', className: 'col-endpoint' },
  { key: 'start', label: 'flows.col.start', className: 'col-time num' },
  { key: 'duration', label: 'flows.col.duration', className: 'col-time num' },
  { key: 'packets', label: 'flows.col.packets', className: 'col-count num' },
  { key: 'bytes', label: 'flows.col.bytes', className: 'col-count num' },
  { key: null, label: 'flows.col.events', className: 'col-badges' },
  { key: 'severity', label: 'flows.col.diagnosis', className: 'col-diagnosis' },
];

/** Memoized: stepping through packets re-renders the capture view, not the list. */
export const FlowList = memo(function FlowList({
  entries,
  names,
  diagnosisFilter,
  onClearDiagnosisFilter,
  selectedFlow,
  onSelect,
}: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const deferredQuery = useDeferredValue(query);
  const order = useMemo(
    () => sortIndexes(entries, filterEntries(entries, deferredQuery, diagnosisFilter, names), sort),
    [entries, deferredQuery, diagnosisFilter, names, sort],
  );
  const filterId = useId();
  const titleId = useId();
  const filtered = order.length < entries.length;

  if (entries.length === 0) {
    return (
      <section className="flow-list" aria-labelledby={titleId}>
        <h2 id={titleId}>{t('flows.none')}</h2>
      </section>
    );
  }
  return (
    <section className="flow-list" aria-labelledby={titleId}>
      <div className="flow-list-bar">
        <h2 id={titleId}>
          {t('flows.count', { n: entries.length, count: formatCount(entries.length) })}
          {filtered && (
            <span className="muted" data-testid="flow-shown">
              {' '}
              {t('flows.shown', { count: formatCount(order.length) })}
            </span>
          )}
        </h2>
        <label htmlFor={filterId} className="visually-hidden">
          {t('flows.filterLabel')}
        </label>
        <input
          id={filterId}
          type="search"
          className="flow-filter"
          data-testid="flow-filter"
          placeholder={t('flows.filterPlaceholder')}
          value={query}
          onChange={(e) => setQuery(e.currentTarget.value)}
        />
        {diagnosisFilter !== null && (
          <button type="button" className="chip chip-clear" onClick={onClearDiagnosisFilter}>
            {t('flows.onlyDiagnosis', { name: names[diagnosisFilter] })} ✕
          </button>
        )}
      </div>
      <FlowGrid
        entries={entries}
        order={order}
        names={names}
        sort={sort}
        onSort={(key) => setSort((s) => nextSort(s, key))}
        selectedFlow={selectedFlow}
        onSelect={onSelect}
        labelledBy={titleId}
      />
    </section>
  );
});

interface GridProps {
  entries: FlowEntries;
  order: Uint32Array;
  names: Record<Label, string>;
  sort: Sort;
  onSort: (key: SortKey) => void;
  selectedFlow: number | null;
  onSelect: (flow: number) => void;
  labelledBy: string;
}

function FlowGrid({ entries, order, names, sort, onSort, selectedFlow, onSelect, labelledBy }: GridProps) {
  const { t } = useI18n();
  const scrollRef = useRef<HTMLTableSectionElement>(null);
  const height = Math.min(VISIBLE_ROWS, Math.max(1, order.length)) * ROW_HEIGHT;
  const win = useVirtualWindow(scrollRef, order.length, ROW_HEIGHT, height);
  const selectedPos = useMemo(
    () => (selectedFlow === null ? -1 : order.findIndex((i) => entries.flow(i) === selectedFlow)),
    [order, entries, selectedFlow],
  );
  const [active, setActive] = useState(() => Math.max(0, selectedPos));
  const focusWanted = useRef(false);
  const activePos = Math.min(active, order.length - 1);
  useKeptInPlace(entries, order, scrollRef, { activePos, selectedFlow, height }, setActive, win);

  const { scrollTop } = win;
  const shownHeight = useRef(height);
  shownHeight.current = height;
  // Show the selected connection when the view opens (restored from the URL, or chosen by evidence).
  useEffect(() => {
    const el = scrollRef.current;
    if (el && selectedPos >= 0) {
      scrollRowIntoView(el, selectedPos, ROW_HEIGHT, { scrollTop: scrollTop(), height: shownHeight.current });
      setActive(selectedPos);
    }
  }, [selectedPos, scrollTop]);

  // Move DOM focus to the active row after a keyboard move rendered it.
  useEffect(() => {
    if (!focusWanted.current) return;
    focusWanted.current = false;
    scrollRef.current?.querySelector<HTMLElement>(`[data-pos="${activePos}"]`)?.focus();
  });

  const moveTo = (pos: number) => {
    const p = Math.max(0, Math.min(order.length - 1, pos));
    const el = scrollRef.current;
    if (el) scrollRowIntoView(el, p, ROW_HEIGHT);
    focusWanted.current = true;
    setActive(p);
  };
  // Rows per page, from the height the list sets (reading clientHeight during a render would lay the
  // page out there: 20 ms when a 1 GB capture's diagnosis replaces its early list).
  const page = Math.max(1, Math.floor(height / ROW_HEIGHT) - 1);
  const onKeyDown = (e: React.KeyboardEvent) => {
    const moves: Record<string, number> = {
      ArrowDown: activePos + 1,
      ArrowUp: activePos - 1,
      PageDown: activePos + page,
      PageUp: activePos - page,
      Home: 0,
      End: order.length - 1,
    };
    const to = moves[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const entry = entries.at(order[activePos] ?? -1);
      if (!entry) return;
      e.preventDefault();
      onSelect(entry.flow);
    }
  };

  const positions: number[] = [];
  for (let p = win.start; p < win.end; p++) positions.push(p);
  // The active row stays rendered even when scrolled away: it holds the grid's tab stop.
  if (activePos >= 0 && (activePos < win.start || activePos >= win.end)) positions.push(activePos);

  return (
    <div className="flow-grid">
      <table className="flow-table" aria-labelledby={labelledBy} aria-rowcount={order.length + 1}>
        <thead>
          <tr aria-rowindex={1} className="flow-row-layout">
            {COLUMNS.map((c) => (
              <th
                key={c.label}
                scope="col"
                className={c.className}
                aria-busy={entries.pending && c.key === 'severity' ? true : undefined}
                aria-sort={
                  c.key && sort.key === c.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined
                }
              >
                {c.key ? (
                  <button
                    type="button"
                    className="sort-button"
                    data-sort={c.key}
                    onClick={() => c.key && onSort(c.key)}
                  >
                    {t(c.label)}
                    <span aria-hidden="true" className="sort-mark">
                      {sort.key === c.key ? (sort.dir === 'asc' ? '▲' : '▼') : ''}
                    </span>
                  </button>
                ) : (
                  t(c.label)
                )}
              </th>
            ))}
          </tr>
        </thead>
        {order.length === 0 ? (
          <tbody>
            <tr>
              <td className="flow-empty">{t('flows.noMatch')}</td>
            </tr>
          </tbody>
        ) : (
          <tbody
            className="flow-scroll"
            ref={scrollRef}
            // --rows-height gives the scroll area the height of every row, rendered or not (app.css).
            style={{ height, '--rows-height': `${order.length * ROW_HEIGHT}px` } as React.CSSProperties}
            data-testid="flow-scroll"
            onKeyDown={onKeyDown}
          >
            {positions.map((pos) => {
              const e = entries.at(order[pos] ?? -1);
              if (!e) return null;
              return (
                <FlowRowView
                  key={e.flow}
                  entry={e}
                  pos={pos}
                  names={entries.pending ? null : names}
                  active={pos === activePos}
                  selected={e.flow === selectedFlow}
                  onActivate={() => setActive(pos)}
                  onSelect={() => onSelect(e.flow)}
                />
              );
            })}
          </tbody>
        )}
      </table>
    </div>
  );
}

/** Position of flow `flow` in `order`, or -1. */
function positionOf(entries: FlowEntries, order: Uint32Array, flow: number): number {
  return order.findIndex((i) => entries.flow(i) === flow);
}

/**
 * When new entries replace the list's (the whole result after the early list: same connections,
 * another order), keeps the active row on its connection and the view on the connections it showed:
 * the selected one at the same height if it was in view, else the one at the top. Before the paint,
 * so the list never shows the rows of the old order at the new scroll position.
 */
function useKeptInPlace(
  entries: FlowEntries,
  order: Uint32Array,
  scrollRef: React.RefObject<HTMLElement | null>,
  view: { activePos: number; selectedFlow: number | null; height: number },
  setActive: (pos: number) => void,
  win: { measure: () => void; scrollTop: () => number },
): void {
  const { activePos, selectedFlow, height } = view;
  const { measure, scrollTop } = win;
  const before = useRef({ entries, order, activePos });
  useLayoutEffect(() => {
    const b = before.current;
    before.current = { entries, order, activePos };
    if (b.entries === entries || b.entries.length !== entries.length) return;
    const flowAt = (pos: number) => b.entries.flow(b.order[pos] ?? -1);
    setActive(Math.max(0, positionOf(entries, order, flowAt(b.activePos))));
    const el = scrollRef.current;
    if (!el) return;
    // Known offsets only: reading the DOM here would lay the page out inside React's commit.
    const top = scrollTop();
    const oldSelected = selectedFlow === null ? -1 : positionOf(b.entries, b.order, selectedFlow);
    const selectedInView =
      oldSelected >= 0 && oldSelected * ROW_HEIGHT >= top && (oldSelected + 1) * ROW_HEIGHT <= top + height;
    const anchor = selectedInView ? oldSelected : Math.floor(top / ROW_HEIGHT);
    // Nothing chosen and the view at the top: the worst connections, first in the new order, show.
    if (!selectedInView && top === 0) return;
    const now = positionOf(entries, order, flowAt(anchor));
    if (now < 0) return;
    el.scrollTop = now * ROW_HEIGHT + (top - anchor * ROW_HEIGHT);
    measure();
  }, [entries, order, scrollRef, activePos, selectedFlow, height, setActive, measure, scrollTop]);
}

interface RowProps {
  entry: FlowEntry;
  pos: number;
  /** null while the diagnosis is pending. */
  names: Record<Label, string> | null;
  active: boolean;
  selected: boolean;
  onActivate: () => void;
  onSelect: () => void;
}

function FlowRowView({ entry: e, pos, names, active, selected, onActivate, onSelect }: RowProps) {
  const { t } = useI18n();
  const severity = names ? (SEVERITY[e.diagnosis] ?? 'healthy') : 'pending';
  return (
    <tr
      className={`flow-row flow-row-layout sev-${severity}${selected ? ' selected' : ''}`}
      data-testid="flow-row"
      data-stream={e.stream}
      data-diagnosis={names ? e.diagnosis : undefined}
      data-pos={pos}
      aria-rowindex={pos + 2}
      aria-selected={selected}
      tabIndex={active ? 0 : -1}
      style={{ transform: `translateY(${pos * ROW_HEIGHT}px)` }}
      onFocus={onActivate}
      onClick={onSelect}
    >
      <td className="col-stream num" data-col="stream">
        {e.stream}
      </td>
      <td className="col-endpoint" data-col="client" title={e.client}>
        {e.client}
      </td>
      <td className="col-endpoint" data-col="server" title={e.server}>
        {e.server}
      </td>
      <td className="col-time num" data-col="start">
        +{formatDuration(e.start)}
      </td>
      <td className="col-time num" data-col="duration">
        {formatDuration(e.duration)}
      </td>
      <td className="col-count num" data-col="packets">
        {formatCount(e.packets)}
      </td>
      <td className="col-count num" data-col="bytes" title={`${formatCount(e.bytes)} B`}>
        {formatBytes(e.bytes)}
      </td>
      <td className="col-badges" data-col="events">
        <Badges entry={e} />
      </td>
      <td className="col-diagnosis" data-col="diagnosis" aria-busy={names ? undefined : true}>
        <span className={`diagnosis-tag sev-${severity}`}>
          {names ? names[e.diagnosis] : t('flows.pending')}
        </span>
        {names && e.labels.length > 0 && (
          <span className="muted" title={e.labels.map((l) => names[l]).join(', ')}>
            {' '}
            {t('flows.moreLabels', { n: e.labels.length })}
          </span>
        )}
      </td>
    </tr>
  );
}

function Badges({ entry: e }: { entry: FlowEntry }) {
  const { t } = useI18n();
  return (
    <>
      {e.badges & Badge.Refused ? (
        <span className="badge badge-refused" data-badge="refused">
          {t('badge.refused')}
        </span>
      ) : null}
      {e.badges & Badge.Rst ? (
        <span className="badge badge-rst" data-badge="rst">
          RST
        </span>
      ) : null}
      {e.badges & Badge.Fin ? (
        <span className="badge badge-fin" data-badge="fin">
          FIN
        </span>
      ) : null}
      {e.badges & Badge.Idle ? (
        <span
          className="badge badge-idle"
          data-badge="idle"
          title={t('badge.idleTitle', { s: e.maxIdle.toFixed(3) })}
        >
          {t('badge.idle', { s: formatShortSeconds(e.maxIdle) })}
        </span>
      ) : null}
    </>
  );
}
