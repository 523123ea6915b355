import { readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { bufferSource } from '../capture/buffer-source';
import { NodeFileSource } from '../capture/node/file-source';
import { buildPcap } from '../capture/testing/build';
import type { Flow } from '../flows/model';
import { type AnalysisResult, analyzeCapture } from './analyze-capture';
import { markdownReport } from './markdown-report';
import { DEFAULT_MAX_MESSAGES, flowToMermaid } from './mermaid';
import { mermaidText } from './mermaid-text';
import {
  exampleCaptures,
  type FixtureCapture,
  hasRealCaptures,
  hasScenarios,
  hasTshark,
  type ParsedChart,
  parseMermaid,
  realDir,
  scenarioCaptures,
  tsharkFields,
} from './testing/export-fixtures';
import {
  buildConversation,
  CLIENT,
  httpConversation,
  type ScriptSegment,
  SERVER,
} from './testing/tcp-conversation';

const LANGS = ['en', 'zh-CN'] as const;
type Lang = (typeof LANGS)[number];
const FRAME_WORD: Record<Lang, string> = { en: 'frame', 'zh-CN': '包' };
const FRAME_AT_END: Record<Lang, RegExp> = { en: /\(frame (\d+)\)$/, 'zh-CN': /\(包 (\d+)\)$/ };
const RANGE: Record<Lang, RegExp> = { en: /frames (\d+)–(\d+)/, 'zh-CN': /包 (\d+)–(\d+)/ };
const ACTOR = { client: 'Client', server: 'Server' } as const;

const packets = (c: ParsedChart) => c.messages.filter((m) => m.kind === 'solid' || m.kind === 'dotted');
const notes = (c: ParsedChart) => c.messages.filter((m) => m.kind === 'note');

/** Frame numbers of the drawn packets, in chart order. */
function drawnFrames(c: ParsedChart, lang: Lang): number[] {
  return packets(c).map((m) => Number(FRAME_AT_END[lang].exec(m.text)?.[1] ?? Number.NaN));
}

/** Frames replaced by "… N packets …" notes. */
function collapsedFrames(c: ParsedChart, lang: Lang, flow: Flow): number[] {
  const all = Array.from(flow.rows, (r) => r + 1);
  return notes(c).flatMap((n) => {
    const m = n.text.startsWith('…') ? RANGE[lang].exec(n.text) : null;
    return m ? all.filter((f) => f >= Number(m[1]) && f <= Number(m[2])) : [];
  });
}

async function analyzeBytes(bytes: Uint8Array): Promise<AnalysisResult> {
  return analyzeCapture(bufferSource(bytes, 'test.pcap'));
}

function pcapOf(script: ScriptSegment[]): Uint8Array {
  const frames = buildConversation(script);
  return buildPcap({
    records: frames.map((f) => ({ sec: f.sec, sub: Math.floor(f.ns / 1000), data: f.ether })),
  });
}

describe('mermaidText', () => {
  const chartWith = (label: string) => `sequenceDiagram\n    A->>B: x ${mermaidText(label)} y\n`;
  // Controls can never survive (they end lines); Mermaid trims and the renderer collapses spaces.
  const visible = (s: string) =>
    Array.from(s, (ch) => {
      const c = ch.codePointAt(0) ?? 0;
      return c < 0x20 || (c >= 0x7f && c <= 0x9f) ? ' ' : ch;
    }).join('');

  test('any string stays one message with exactly its text, and never changes the configuration', async () => {
    const hostile = fc.constantFrom(
      ';',
      '#',
      '%%',
      '{',
      '}',
      '<',
      '>',
      '&',
      '"',
      "'",
      '`',
      '\\',
      ':',
      '\n',
      'wrap:',
    );
    const text = fc.array(fc.oneof(hostile, fc.string({ unit: 'binary', maxLength: 8 })), { maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(text, async (parts) => {
        const s = parts.join('');
        const chart = await parseMermaid(chartWith(s));
        expect(chart.config).toEqual({});
        expect(chart.messages).toHaveLength(1);
        expect(chart.messages[0]?.text).toBe(`x ${visible(s)} y`);
      }),
      { numRuns: 200 },
    );
  });

  test('directives, statement ends, entity codes and HTML come out as plain text', async () => {
    for (const s of [
      '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%',
      'a;Note over A: injected',
      '#59; #lt; &amp; <img src=x onerror=alert(1)>',
    ]) {
      const chart = await parseMermaid(chartWith(s));
      expect(chart.config).toEqual({});
      expect(chart.messages.map((m) => m.text)).toEqual([`x ${s} y`]);
      expect(mermaidText(s).replace(/#\d+;/g, '')).not.toMatch(/[#;<>%{}&"]/);
    }
  });

  test('a leading wrap: is kept as text, not taken as an instruction', async () => {
    const chart = await parseMermaid(`sequenceDiagram\n    A->>B: ${mermaidText('wrap:evil')}\n`);
    expect(chart.messages[0]?.text).toBe('wrap:evil');
  });
});

describe('flowToMermaid on HTTP messages with hostile targets', () => {
  const targets = [
    '/a;b#c?q=1&r=<2>',
    '/%%{init:{"securityLevel":"loose","theme":"dark"}}%%',
    '/<script>alert(1)</script>"\'`\\',
    '/x;%0A;Note_over_Client:pwned;',
    'wrap:evil',
    '/caf\u00e9/\u00ff#59;#lt;',
  ];
  const long = `/${'long-'.repeat(30)}end`;
  const reason = 'O;K #1 <b> %%{init: {"theme":"dark"}}%%';
  const exchanges = [...targets, long].map((t) => ({
    request: `GET ${t} HTTP/1.1\r\nHost: x\r\n\r\n`,
    response: `HTTP/1.1 200 ${reason}\r\nContent-Length: 0\r\n\r\n`,
  }));
  const script = httpConversation(exchanges, [
    { from: 'c', flags: 'FA' },
    { from: 's', flags: 'RA' },
  ]);

  test.each(LANGS)(
    'every target and reason reaches the chart as sent, nothing else changes (%s)',
    async (lang) => {
      const r = await analyzeBytes(pcapOf(script));
      const flow = r.flows.flows[0];
      expect(flow?.http.map((x) => x.request?.target)).toEqual([...targets, long]);
      const text = flowToMermaid(r.capture.table, r.flows, r.diagnosis, 0, { lang });
      const chart = await parseMermaid(text);
      expect(chart.config).toEqual({});
      expect(chart.actors).toEqual([
        `${lang === 'en' ? 'Client' : '客户端'} (${CLIENT.ip}:${CLIENT.port})`,
        `${lang === 'en' ? 'Server' : '服务端'} (${SERVER.ip}:${SERVER.port})`,
      ]);
      expect(drawnFrames(chart, lang)).toEqual(script.map((_, i) => i + 1));
      const sent = packets(chart);
      script.forEach((s, i) => {
        expect(sent[i]?.kind).toBe(s.from === 'c' ? 'solid' : 'dotted');
        expect(sent[i]?.from).toBe(s.from === 'c' ? ACTOR.client : ACTOR.server);
      });
      targets.forEach((t, k) => {
        expect(sent[3 + 2 * k]?.text.startsWith(`GET ${t} HTTP/1.1 · PSH, ACK Len=`)).toBe(true);
        expect(sent[4 + 2 * k]?.text.startsWith(`HTTP/1.1 200 ${reason} · PSH, ACK Len=`)).toBe(true);
      });
      const cut = sent[3 + 2 * targets.length]?.text ?? '';
      expect(cut.startsWith(`GET ${long.slice(0, 60)}`) && cut.includes('… ·')).toBe(true);
      expect(text.split('\n').every((l) => !l.includes(';') || /#\d+;/.test(l))).toBe(true);
    },
  );
});

/** First FIN and first RST of each sender per TCP stream, according to tshark. */
function tsharkCloses(
  path: string,
  r: AnalysisResult,
): Map<number, { role: 'client' | 'server'; flag: string; frame: number }[]> {
  const rows = tsharkFields(path, 'tcp.flags.fin==1 || tcp.flags.reset==1', [
    'tcp.stream',
    'frame.number',
    'tcp.flags.fin',
    'tcp.flags.reset',
    'tcp.srcport',
  ]);
  const byStream = new Map<number, { role: 'client' | 'server'; flag: string; frame: number }[]>();
  for (const [stream, frame, fin, rst, port] of rows) {
    const flow = r.flows.flows.find((f) => f.transport === 'tcp' && f.stream === Number(stream));
    if (!flow) continue;
    const role = Number(port) === flow.clientPort ? 'client' : 'server';
    const list = byStream.get(flow.stream) ?? [];
    for (const [flag, set] of [
      ['FIN', fin],
      ['RST', rst],
    ] as const) {
      if ((set === '1' || set === 'True') && !list.some((e) => e.role === role && e.flag === flag))
        list.push({ role, flag, frame: Number(frame) });
    }
    byStream.set(flow.stream, list);
  }
  return byStream;
}

async function checkCapture(c: FixtureCapture): Promise<void> {
  const r = await analyzeCapture(await NodeFileSource.open(c.path));
  const closes = hasTshark ? tsharkCloses(c.path, r) : null;
  const table = r.capture.table;
  for (const flow of r.flows.flows.filter((f) => f.transport === 'tcp')) {
    const shapes: string[] = [];
    for (const lang of LANGS) {
      const text = flowToMermaid(table, r.flows, r.diagnosis, flow.index, { lang });
      const chart = await parseMermaid(text);
      expect(chart.config).toEqual({});
      const frames = drawnFrames(chart, lang);
      if (flow.rows.length <= DEFAULT_MAX_MESSAGES)
        expect(frames).toEqual(Array.from(flow.rows, (x) => x + 1));
      else
        expect([...frames, ...collapsedFrames(chart, lang, flow)].sort((a, b) => a - b)).toEqual(
          Array.from(flow.rows, (x) => x + 1),
        );
      // Solid arrows are the packets whose source port is the client's (as decoded from the frame).
      packets(chart).forEach((m, i) => {
        const row = (frames[i] ?? 0) - 1;
        expect(m.kind === 'solid').toBe(
          table.srcPortOf(row) === flow.clientPort && table.srcOf(row) === flow.clientAddr,
        );
      });
      for (const k of c.keyFrames.filter((k) => k.stream === flow.stream))
        expect(frames, `${c.label} stream ${flow.stream} key frame ${k.name}`).toContain(k.frame);
      for (const e of closes?.get(flow.stream) ?? []) {
        const said = notes(chart).filter(
          (n) =>
            n.from === ACTOR[e.role] &&
            n.to === n.from &&
            (n.text.includes(`${e.flag}, `) || n.text.includes(`${e.flag}，`)),
        );
        expect(
          said.map((n) => n.text),
          `${c.label} stream ${flow.stream} ${e.role} ${e.flag}`,
        ).toHaveLength(1);
        expect(said[0]?.text).toMatch(new RegExp(`${FRAME_WORD[lang]} ${e.frame}[)）]`));
      }
      shapes.push(text.replace(/(:| as ).*$/gm, ''));
    }
    // Same chart in both languages, only the words differ.
    expect(shapes[1]).toBe(shapes[0]);
  }
}

describe.skipIf(!hasScenarios)('Mermaid export of the scenario captures and examples', () => {
  const captures = [...scenarioCaptures(), ...exampleCaptures()];
  if (!hasTshark)
    console.warn('tshark not found at /usr/bin/tshark: FIN/RST notes are not checked against it');
  if (exampleCaptures().length === 0)
    console.warn('public/examples/index.json not found: examples not checked');

  test.each(captures)('$label parses in both languages, with its key frames and FIN/RST notes', checkCapture);
});
if (!hasScenarios) console.warn('../shared/scenarios not found: scenario Mermaid tests skipped');

describe('long flows', () => {
  const data: ScriptSegment[] = [];
  for (let i = 0; i < 150; i++)
    data.push({ from: 's', flags: 'A', data: 'x'.repeat(1000), after: i === 70 ? 3 : 0.0001 });
  const script = httpConversation(
    [
      {
        request: 'GET /big HTTP/1.1\r\nHost: x\r\n\r\n',
        response: 'HTTP/1.1 200 OK\r\nContent-Length: 150000\r\n\r\n',
      },
    ],
    [
      ...data,
      { from: 'c', flags: 'A' },
      { from: 'c', flags: 'FA' },
      { from: 's', flags: 'FA' },
      { from: 'c', flags: 'A' },
    ],
  );

  test.each(LANGS)('collapse ordinary packets into notes but draw every event (%s)', async (lang) => {
    const r = await analyzeBytes(pcapOf(script));
    const flow = r.flows.flows[0] as Flow;
    const chart = await parseMermaid(
      flowToMermaid(r.capture.table, r.flows, r.diagnosis, 0, { lang, maxMessages: 20 }),
    );
    const frames = drawnFrames(chart, lang);
    expect(frames.length).toBeLessThanOrEqual(20);
    expect([...frames, ...collapsedFrames(chart, lang, flow)].sort((a, b) => a - b)).toEqual(
      script.map((_, i) => i + 1),
    );
    const events = [1, 2, 3, 4, 5, 5 + 71 - 1, 5 + 71, script.length - 2, script.length - 1];
    for (const f of events) expect(frames).toContain(f);
    const gap = notes(chart).find((n) => n.text.includes(lang === 'en' ? 'idle 3.000 s' : '空闲 3.000 s'));
    expect(gap?.text).toContain(lang === 'en' ? 'frames 75 → 76' : '包 75 → 包 76');
  });

  test('a long real flow still draws every SYN, FIN, RST and HTTP message', async () => {
    if (!hasScenarios) return;
    const c = scenarioCaptures().find((x) => x.label === 'n-zero-window/capture.pcap');
    if (!c) return;
    const r = await analyzeCapture(await NodeFileSource.open(c.path));
    const flow = r.flows.flows[0] as Flow;
    const chart = await parseMermaid(
      flowToMermaid(r.capture.table, r.flows, r.diagnosis, 0, { lang: 'en', maxMessages: 10 }),
    );
    const frames = drawnFrames(chart, 'en');
    expect(frames.length).toBeLessThan(flow.rows.length);
    expect([...frames, ...collapsedFrames(chart, 'en', flow)].sort((a, b) => a - b)).toEqual(
      Array.from(flow.rows, (x) => x + 1),
    );
    const events = hasTshark
      ? tsharkFields(c.path, 'tcp.flags.syn==1 || tcp.flags.fin==1 || tcp.flags.reset==1', [
          'frame.number',
        ]).map((x) => Number(x[0]))
      : [];
    for (const f of events) expect(frames).toContain(f);
    for (const x of flow.http)
      for (const m of [x.request, x.response]) if (m) expect(frames).toContain(m.row + 1);
  });
});

describe.skipIf(!hasScenarios)('Markdown report', () => {
  test('embeds one parseable chart per problem pattern and names the other streams', async () => {
    const c = scenarioCaptures().find((x) => x.label === 'k-close-wait-leak/capture.pcap');
    if (!c) return;
    const r = await analyzeCapture(await NodeFileSource.open(c.path), { lang: 'zh-CN' });
    const md = markdownReport(r.capture.table, r.flows, r.diagnosis);
    const blocks = [...md.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    const problems = r.flows.flows.filter((f) => r.diagnosis.flows[f.index]?.diagnosis === 'close-wait-leak');
    expect(problems.length).toBeGreaterThan(1);
    expect(blocks.length).toBeGreaterThanOrEqual(1);
    for (const b of blocks) expect((await parseMermaid(b)).config).toEqual({});
    expect(md).toContain('## 时序图');
    expect(md).toContain(
      `流 ${problems
        .slice(1)
        .map((f) => f.stream)
        .slice(0, 3)
        .join(', ')}`,
    );
  });
});

describe.skipIf(!hasRealCaptures)('Mermaid export of the flows of the real corpus', () => {
  const files = hasRealCaptures ? readdirSync(realDir).filter((n) => !n.endsWith('.md')) : [];
  test.each(files)('%s', async (name) => {
    let r: AnalysisResult;
    try {
      r = await analyzeCapture(await NodeFileSource.open(path.join(realDir, name)));
    } catch {
      return; // not a capture we can read (the reader's own tests cover these files)
    }
    // The flows with a diagnosis first, then the longest: 40 per file keeps scan captures quick.
    const score = (f: Flow) =>
      (r.diagnosis.flows[f.index]?.diagnosis === 'healthy' ? 0 : 1e9) + f.rows.length;
    const chosen = [...r.flows.flows].sort((a, b) => score(b) - score(a)).slice(0, 40);
    for (const [k, flow] of chosen.entries()) {
      for (const lang of k < 10 ? LANGS : (['en'] as const)) {
        const chart = await parseMermaid(
          flowToMermaid(r.capture.table, r.flows, r.diagnosis, flow.index, { lang }),
        );
        expect(chart.config).toEqual({});
        expect(packets(chart).length).toBeGreaterThan(0);
      }
    }
  });
});
