// Finds English left in the page's UI text when it is in Chinese. `uiStrings` collects, from the page,
// every visible text node, the names and hints the user gets through attributes (aria-label, title,
// placeholder, alt), SVG tooltips (<title>) and the options of visible menus; text that comes from the
// capture itself (payload bytes, HTTP start lines, library log lines quoted in <code>) is collected
// apart as verbatim and cut out of the rest. `englishWords` then reports every Latin-letter word that
// is not allowed by ALLOWED below: each rule says why such a word is not English prose.
import type { Page } from '@playwright/test';

export interface UiString {
  text: string;
  /** Where it was found: tag, test id or class, and the attribute. */
  where: string;
}

export interface UiText {
  strings: UiString[];
  verbatim: string[];
}

/** Elements whose text is the capture's own (or a client library's log line, quoted verbatim). */
export const VERBATIM = [
  '.payload-text',
  '.payload-hex',
  '[data-testid="detail-http"]',
  '.ladder-http',
  'code',
  // the capture's file name, as the user named it
  '[data-testid="summary"] h2',
  '.flow-endpoints',
].join(', ');

export async function uiStrings(page: Page): Promise<UiText> {
  return page.evaluate((verbatimSelector) => {
    const strings: { text: string; where: string }[] = [];
    const verbatim: string[] = [];
    const whereOf = (e: Element, what: string) => {
      const id = e.getAttribute('data-testid');
      const cls = e.getAttribute('class')?.split(' ')[0];
      return `${e.localName}${id ? `[${id}]` : cls ? `.${cls}` : ''} ${what}`;
    };
    const add = (text: string | null | undefined, e: Element, what: string) => {
      const t = text?.replace(/\s+/g, ' ').trim();
      if (t) strings.push({ text: t, where: whereOf(e, what) });
    };
    for (const e of document.body.querySelectorAll('*')) {
      if (['script', 'style', 'noscript', 'template'].includes(e.localName)) continue;
      if (e.closest(verbatimSelector)) {
        if (e.matches(verbatimSelector)) verbatim.push((e.textContent ?? '').replace(/\s+/g, ' ').trim());
        continue;
      }
      // SVG tooltips and the options of a visible <select> are not rendered boxes themselves
      if (e.localName === 'title' && e.parentElement?.checkVisibility()) add(e.textContent, e, 'tooltip');
      if (e.localName === 'option' && e.parentElement?.checkVisibility()) add(e.textContent, e, 'option');
      if (!e.checkVisibility({ visibilityProperty: true })) continue;
      for (const n of e.childNodes) if (n.nodeType === Node.TEXT_NODE) add(n.textContent, e, 'text');
      for (const a of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description'])
        add(e.getAttribute(a), e, a);
    }
    return { strings, verbatim };
  }, VERBATIM);
}

/**
 * Words that are allowed in Chinese text, each rule with its reason. Kept minimal: a word goes here
 * only when it is not English prose a translator missed.
 */
const ALLOWED: { why: string; test: (w: string) => boolean }[] = [
  {
    why: 'numbers, addresses, versions, frame and stream numbers (HTTP/1.1, 127.0.0.1:80, #3)',
    test: (w) => /\d/.test(w),
  },
  {
    why: 'protocol tokens and acronyms: TCP flags (SYN, FIN, RST), RFC 9293 state names (CLOSE_WAIT), HTTP methods and reason phrases in capitals, TCP, UDP, HTTP, PNG, SVG',
    test: (w) => /^[A-Z][A-Z0-9_/+-]*$/.test(w),
  },
  {
    why: 'code: filter syntax (tcp.stream, port:443), fields (seq=0), file names (x.pcap), identifiers (camelCase, snake_case, a.b.c())',
    test: (w) => /[._:/=()[\]{}<>@\\]/.test(w) || /[a-z][A-Z]/.test(w),
  },
  {
    why: 'HTTP header names as written on the wire (Keep-Alive, Content-Length)',
    test: (w) => /^[A-Z][a-z]+(-[A-Z][a-z]+)+$/.test(w),
  },
  {
    why: 'SI and IEC unit symbols (s, ms, µs, px, kB, MiB)',
    test: (w) => /^(s|ms|µs|us|ns|px|B|kB|KB|MB|GB|KiB|MiB|GiB)$/.test(w),
  },
  {
    why: 'names of programs and formats, written as their makers write them',
    test: (w) =>
      [
        'Wirelens',
        'Wireshark',
        'tshark',
        'tcpdump',
        'dumpcap',
        'pcap',
        'pcapng',
        'gzip',
        'zstd',
        'Mermaid',
        'Markdown',
        'Ethernet',
        'Linux',
        // the servers the diagnosis names (shared/knowledge/idle-timeouts.md)
        'nginx',
        'gunicorn',
        'Tomcat',
        'Apache',
        'Node',
      ].includes(w),
  },
  {
    why: 'technical terms kept as the APIs and configurations name them, as Chinese engineers write them: socket (the sockets API object), backlog (listen(2)), server (the nginx directive), worker (gunicorn workers), debug (a log level)',
    test: (w) => ['socket', 'backlog', 'server', 'worker', 'debug'].includes(w),
  },
  { why: 'the language menu names each language in itself', test: (w) => w === 'English' },
  {
    why: 'keyboard keys as printed on them (ctrl, Home, End)',
    test: (w) => ['ctrl', 'Ctrl', 'Home', 'End'].includes(w),
  },
  {
    why: 'TCP field names and Wireshark operators kept as Wireshark shows them (Seq, Ack, eq)',
    test: (w) => ['Seq', 'Ack', 'seq', 'ack', 'len', 'win', 'eq'].includes(w),
  },
  {
    why: 'keep-alive: the HTTP/TCP term, written as in the Connection header',
    test: (w) => /^keep-alive$/i.test(w),
  },
];

/**
 * Phrases cut out before looking for words, each with its reason: what is quoted, and names written
 * as the tools print them.
 */
const CUT: { why: string; pattern: RegExp }[] = [
  { why: 'text in ASCII quotes is quoted program output (a server log line)', pattern: /"[^"\n]*"/g },
  {
    why: 'an HTTP status code with its reason phrase (RFC 9110 §15), as on the wire',
    pattern: /\b[1-5]\d\d( [A-Z][a-z]+)+/g,
  },
  { why: 'a tcpdump command line', pattern: /tcpdump( -\w+( [\w.]+)?)+/g },
  { why: 'link-type names as tcpdump and Wireshark print them', pattern: /Linux cooked( v2)?/g },
  { why: 'code literals in the fixes (a setting = true)', pattern: /= ?(true|false|null)\b/g },
  { why: 'program output quoted in Chinese quotes (“Connection reset by peer”)', pattern: /“[\x20-\x7e]+”/g },
  {
    why: 'HTTP header fields as on the wire (Connection: close)',
    pattern: /\b[A-Z][A-Za-z]*(-[A-Z][A-Za-z]*)*: [\w=.,-]+/g,
  },
  { why: 'file name extensions (.mmd)', pattern: /(^|[\s（(])\.[a-z0-9]{1,8}\b/g },
];

export interface EnglishWord {
  word: string;
  text: string;
  where: string;
}

/** Latin-letter words of `ui.strings` that no ALLOWED rule explains, after cutting verbatim text out. */
export function englishWords(ui: UiText, extraAllowed: readonly string[] = []): EnglishWord[] {
  const cut = [...new Set(ui.verbatim.filter((v) => v.length > 0))].sort((a, b) => b.length - a.length);
  const out: EnglishWord[] = [];
  for (const s of ui.strings) {
    let text = s.text;
    for (const v of cut) text = text.split(v).join(' ');
    for (const c of CUT) text = text.replace(c.pattern, ' ');
    // CJK punctuation and symbols separate words like spaces do
    for (const token of text.split(
      /[\s\u2000-\u206f\u2190-\u21ff\u2500-\u257f\u3000-\u303f\uff00-\uffef,;!?"'’‘“”·|×✕▾▸◀▶]+/,
    )) {
      const word = token.replace(/^[^A-Za-z0-9µ]+|[^A-Za-z0-9µ)\]]+$/g, '');
      if (!/[A-Za-z]/.test(word)) continue;
      if (extraAllowed.includes(word) || ALLOWED.some((a) => a.test(word))) continue;
      out.push({ word, text: s.text, where: s.where });
    }
  }
  return out;
}
