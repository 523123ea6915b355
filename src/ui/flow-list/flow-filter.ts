// The flow list's filter box. Words are ANDed; each is one of
//   port:443  ip:10.0.0.5 (also addr:, host:)  stream:12  diag:refused (also is:)
//   a bare number: that stream or that port;  anything else: text found in the endpoints, the
//   diagnosis id or its name in the page's language, case-insensitive.
import type { Label } from '../../analysis/labels';
import type { FlowEntry } from './flow-entries';

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

function diagnosisMatches(e: FlowEntry, text: string, names: Record<Label, string>): boolean {
  if (e.diagnosis.includes(text) || names[e.diagnosis].toLowerCase().includes(text)) return true;
  return e.labels.some((l) => l.includes(text) || names[l].toLowerCase().includes(text));
}

function termMatches(e: FlowEntry, t: Term, names: Record<Label, string>): boolean {
  switch (t.kind) {
    case 'port':
      return e.clientPort === t.port || e.serverPort === t.port;
    case 'addr':
      return e.client.toLowerCase().includes(t.text) || e.server.toLowerCase().includes(t.text);
    case 'stream':
      return e.stream === t.stream;
    case 'diag':
      return diagnosisMatches(e, t.text, names);
    case 'number':
      return e.stream === t.n || e.clientPort === t.n || e.serverPort === t.n;
    default:
      return e.haystack.includes(t.text) || diagnosisMatches(e, t.text, names);
  }
}

export function matchesAll(e: FlowEntry, terms: readonly Term[], names: Record<Label, string>): boolean {
  for (const t of terms) if (!termMatches(e, t, names)) return false;
  return true;
}

/** Indexes into `entries` of those that pass the chip (a diagnosis) and the typed query. */
export function filterEntries(
  entries: readonly FlowEntry[],
  query: string,
  diagnosis: Label | null,
  names: Record<Label, string>,
): number[] {
  const terms = parseQuery(query);
  const out: number[] = [];
  entries.forEach((e, i) => {
    if (diagnosis !== null && e.diagnosis !== diagnosis) return;
    if (terms.length === 0 || matchesAll(e, terms, names)) out.push(i);
  });
  return out;
}
