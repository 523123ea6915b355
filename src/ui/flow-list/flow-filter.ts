// The flow list's filter box. Words are ANDed; each is one of
//   port:443  ip:10.0.0.5 (also addr:, host:)  stream:12  diag:refused (also is:)
//   a bare number: that stream or that port;  anything else: text found in the endpoints, the
//   diagnosis id or its name in the page's language, case-insensitive.
import { LABELS, type Label } from '../../analysis/labels';
import type { FlowEntries } from './flow-entries';

export type Term =
  | { kind: 'port'; port: number }
  | { kind: 'addr'; text: string }
  | { kind: 'stream'; stream: number }
  | { kind: 'diag'; text: string }
  | { kind: 'number'; n: number }
  | { kind: 'text'; text: string };

const KEYS: Record<string, 'port' | 'addr' | 'stream' | 'diag'> = {
  port: 'port',
  ip: 'addr',
  addr: 'addr',
  host: 'addr',
  stream: 'stream',
  diag: 'diag',
  is: 'diag',
};

function parseWord(word: string): Term | null {
  const colon = word.indexOf(':');
  const key = colon > 0 ? KEYS[word.slice(0, colon).toLowerCase()] : undefined;
  if (key) {
    const value = word.slice(colon + 1).toLowerCase();
    if (value === '') return null;
    if (key === 'port' || key === 'stream') {
      const n = Number(value);
      if (!Number.isInteger(n)) return { kind: 'text', text: word.toLowerCase() };
      return key === 'port' ? { kind: 'port', port: n } : { kind: 'stream', stream: n };
    }
    return key === 'addr' ? { kind: 'addr', text: value } : { kind: 'diag', text: value };
  }
  if (/^\d+$/.test(word)) return { kind: 'number', n: Number(word) };
  return { kind: 'text', text: word.toLowerCase() };
}

export function parseQuery(query: string): Term[] {
  return query
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((w) => parseWord(w) ?? []);
}

/** Flags per LABELS index: does the label's id or its name in the page's language contain `text`? */
function labelsMatching(text: string, names: Record<Label, string>): Uint8Array {
  return Uint8Array.from(LABELS, (l) => (l.includes(text) || names[l].toLowerCase().includes(text) ? 1 : 0));
}

function diagnosisMatches(entries: FlowEntries, i: number, flags: Uint8Array): boolean {
  if (flags[entries.labelCode(i)] === 1) return true;
  for (const l of entries.otherLabelCodes(i)) if (flags[l] === 1) return true;
  return false;
}

/** A test of one entry for one term. Numbers are read from the columns; text needs the entry object. */
function termTest(entries: FlowEntries, t: Term, names: Record<Label, string>): (i: number) => boolean {
  switch (t.kind) {
    case 'port':
      return (i) => entries.clientPort(i) === t.port || entries.serverPort(i) === t.port;
    case 'addr':
      return (i) => {
        const e = entries.at(i);
        return !!e && (e.client.toLowerCase().includes(t.text) || e.server.toLowerCase().includes(t.text));
      };
    case 'stream':
      return (i) => entries.stream(i) === t.stream;
    case 'diag': {
      const flags = labelsMatching(t.text, names);
      return (i) => diagnosisMatches(entries, i, flags);
    }
    case 'number':
      return (i) =>
        entries.stream(i) === t.n || entries.clientPort(i) === t.n || entries.serverPort(i) === t.n;
    default: {
      const flags = labelsMatching(t.text, names);
      return (i) => !!entries.at(i)?.haystack.includes(t.text) || diagnosisMatches(entries, i, flags);
    }
  }
}

/**
 * Indexes of the entries that pass the chip (a diagnosis) and the typed query, in the default order
 * (a filter only drops entries, so the result needs no sorting for the default sort).
 */
export function filterEntries(
  entries: FlowEntries,
  query: string,
  diagnosis: Label | null,
  names: Record<Label, string>,
): Uint32Array {
  const tests = parseQuery(query).map((t) => termTest(entries, t, names));
  const order = entries.defaultOrder;
  if (diagnosis === null && tests.length === 0) return order;
  const chip = diagnosis === null ? -1 : LABELS.indexOf(diagnosis);
  const out = new Uint32Array(order.length);
  let n = 0;
  for (const i of order) {
    if (chip >= 0 && entries.labelCode(i) !== chip) continue;
    if (tests.every((test) => test(i))) out[n++] = i;
  }
  return out.subarray(0, n);
}
