// HTTP/1.x on the whole corpus against tshark 4.0: every capture of ../shared/captures/real and
// ../shared/scenarios, run through the real pipeline. tshark reports a message at the frame where its
// reassembly completes, so our messages are compared by the frame of their last segment (endRow + 1).
// Frames where we and tshark disagree must be listed in HTTP_EXCEPTIONS with a reason whose evidence
// the test checks (docs/http.md explains each reason). Pairing must agree everywhere.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HttpExchange, HttpMessage } from '../model';
import { checkException, HTTP_EXCEPTIONS, type HttpException } from './testing/corpus-exceptions';
import { type OracleHttp, parseFrameFacts, parseHttpOracle } from './testing/http-oracle';
import { httpByStream, type StreamHttp } from './testing/pipeline';
import { manifestHttp } from './testing/scenario-manifest';

const repoRoot = resolve(__dirname, '../../..');
const shared = resolve(repoRoot, '../shared');
const oracleDir = join(repoRoot, 'testdata/tshark');
const haveShared = existsSync(join(shared, 'captures/real')) && existsSync(join(shared, 'scenarios'));
if (!haveShared) console.warn(`http-corpus: ${shared} is absent, the HTTP corpus comparison is skipped`);

interface Capture {
  /** Oracle name: the real file's name, or scenario__<folder>__<file>. */
  name: string;
  path: string;
  scenario?: string;
}

function corpus(): Capture[] {
  if (!haveShared) return [];
  const real = readdirSync(join(shared, 'captures/real'))
    .filter((f) => !f.endsWith('.md'))
    .map((f) => ({ name: f, path: join(shared, 'captures/real', f) }));
  const scenarios = readdirSync(join(shared, 'scenarios'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(shared, 'scenarios', d.name))
        .filter((f) => f.endsWith('.pcap'))
        .map((f) => ({
          name: `scenario__${d.name}__${f}`,
          path: join(shared, 'scenarios', d.name, f),
          scenario: d.name,
        })),
    );
  return [...real, ...scenarios];
}

/** Frames (1-based) of the last segment of every completed request / response. */
function ourFrames(exs: HttpExchange[], kind: 'request' | 'response'): number[] {
  const out = new Set<number>();
  for (const e of exs) {
    const m = kind === 'request' ? e.request : e.response;
    if (m && m.endRow >= 0) out.add(m.endRow + 1);
  }
  return [...out].sort((a, b) => a - b);
}

function difference(a: number[], b: number[]): number[] {
  const bs = new Set(b);
  return a.filter((x) => !bs.has(x));
}

function listed(name: string, kind: 'request' | 'response', side: HttpException['side']): HttpException[] {
  return HTTP_EXCEPTIONS.filter((e) => e.capture === name && e.kind === kind && e.side === side);
}

/** Completed responses whose request, by our pairing, is not the one tshark pairs them with
 * (http.request_in), and completed requests whose response tshark gives as another frame. */
function pairingDisagreements(exs: HttpExchange[], oracle: OracleHttp): string[] {
  const out: string[] = [];
  const end = (m: HttpMessage | null) => (m && m.endRow >= 0 ? m.endRow + 1 : 0);
  for (const e of exs) {
    const [req, res] = [end(e.request), end(e.response)];
    const tr = oracle.byFrame.get(res);
    if (res && tr && tr.requestIn !== req)
      out.push(`response ${res}: ours pairs ${req}, tshark ${tr.requestIn}`);
    const tq = oracle.byFrame.get(req);
    if (req && tq && tq.responseIn !== 0 && tq.responseIn !== res)
      out.push(`request ${req}: ours pairs ${res}, tshark ${tq.responseIn}`);
  }
  return out;
}

/** Where both report a message ending at a frame, the method, target and status must agree (tshark's
 * fields, written with occurrence=l, are those of the last message ending in the frame). */
function startLineDisagreements(exs: HttpExchange[], oracle: OracleHttp): string[] {
  const last = new Map<string, HttpMessage>();
  for (const m of exs.flatMap((e) => [e.request, e.response])) {
    if (!m || m.endRow < 0) continue;
    const key = `${m.kind}@${m.endRow + 1}`;
    const prev = last.get(key);
    if (!prev || prev.row <= m.row) last.set(key, m);
  }
  const out: string[] = [];
  for (const [key, m] of last) {
    const t = oracle.byFrame.get(m.endRow + 1);
    if (!t) continue;
    const ours = m.kind === 'request' ? `${m.method} ${m.target}` : String(m.status);
    const theirs = m.kind === 'request' ? `${t.method} ${t.uri}` : String(t.status);
    if ((m.kind === 'request' ? t.method !== '' : t.status !== 0) && ours !== theirs)
      out.push(`${key}: ours ${ours}, tshark ${theirs}`);
  }
  return out;
}

const captures = corpus();

describe.skipIf(!haveShared)('HTTP requests and responses against tshark 4.0', () => {
  it('finds the whole corpus and its oracle', () => {
    expect(captures.length).toBeGreaterThan(80);
    for (const c of captures) expect(existsSync(join(oracleDir, `${c.name}.tsv`)), c.name).toBe(true);
  });

  it('lists exceptions only for captures of the corpus', () => {
    const names = new Set(captures.map((c) => c.name));
    expect(HTTP_EXCEPTIONS.filter((e) => !names.has(e.capture))).toEqual([]);
  });

  for (const c of captures) {
    it(`matches tshark's HTTP frames and pairs on ${c.name}`, async () => {
      const tsv = readFileSync(join(oracleDir, `${c.name}.tsv`), 'utf8');
      const oracle = parseHttpOracle(tsv);
      const json = join(shared, 'captures/oracle', `${c.name}.json`);
      if (existsSync(json)) {
        // The per-frame oracle agrees with the summary oracle's http.request / http.response counts.
        const counts = JSON.parse(readFileSync(json, 'utf8')).http;
        expect([oracle.requestFrames.length, oracle.responseFrames.length]).toEqual([
          counts.request_frames,
          counts.response_frames,
        ]);
      }
      const exs = (await httpByStream(c.path)).flatMap((s) => s.exchanges);
      const facts = parseFrameFacts(tsv);
      for (const kind of ['request', 'response'] as const) {
        const ours = ourFrames(exs, kind);
        const theirs = kind === 'request' ? oracle.requestFrames : oracle.responseFrames;
        for (const [side, got] of [
          ['tshark-only', difference(theirs, ours)],
          ['ours-only', difference(ours, theirs)],
        ] as const) {
          const allowed = listed(c.name, kind, side);
          expect({ kind, side, frames: got }).toEqual({
            kind,
            side,
            frames: allowed.flatMap((e) => e.frames).sort((a, b) => a - b),
          });
          for (const e of allowed) {
            for (const f of e.frames)
              expect(
                checkException(e, f, (n) => facts.get(n), exs),
                `${e.reason} at ${f}`,
              ).toBeNull();
          }
        }
      }
      expect(pairingDisagreements(exs, oracle)).toEqual([]);
      expect(startLineDisagreements(exs, oracle)).toEqual([]);
    });
  }
});

const scenarioCaptures = captures.filter((c) => c.scenario);

describe.skipIf(!haveShared)('HTTP key packets of the scenario manifests', () => {
  for (const c of scenarioCaptures) {
    it(`finds and pairs every request and response of ${c.scenario} in ${c.name}`, async () => {
      const keys = manifestHttp(
        readFileSync(join(shared, 'scenarios', c.scenario ?? '', 'manifest.json'), 'utf8'),
      );
      const streams = await httpByStream(c.path);
      expect(manifestProblems(keys, streams)).toEqual([]);
      // A scenario without HTTP key packets (connection-refused) has no HTTP at all.
      if (keys.length === 0) expect(streams.flatMap((s) => s.exchanges)).toEqual([]);
    });
  }
});

/** Every manifest request/response must be one of ours ending at that frame in that stream; each manifest
 * response must be paired with the manifest request before it; a manifest request with no manifest
 * response must have no completed response of ours, and be marked unanswered when it got none at all. */
function manifestProblems(keys: ReturnType<typeof manifestHttp>, streams: StreamHttp[]): string[] {
  const problems: string[] = [];
  for (const [i, k] of keys.entries()) {
    const exs = streams.find((s) => s.stream === k.stream)?.exchanges ?? [];
    const ex = exs.find((e) => (k.kind === 'request' ? e.request : e.response)?.endRow === k.frame - 1);
    const m = ex && (k.kind === 'request' ? ex.request : ex.response);
    const what = `${k.name} (stream ${k.stream}, frame ${k.frame})`;
    if (!ex || !m) {
      problems.push(`${what}: no ${k.kind} of ours ends there`);
      continue;
    }
    if (k.kind === 'response') {
      if (m.status !== k.status) problems.push(`${what}: status ${m.status}, manifest ${k.status}`);
      const req = keys
        .slice(0, i)
        .reverse()
        .find((p) => p.stream === k.stream && p.kind === 'request');
      if (!req || ex.request?.endRow !== req.frame - 1)
        problems.push(`${what}: paired with ${ex.request?.endRow}, manifest ${req?.frame}`);
      continue;
    }
    if (m.method !== k.method || m.target !== k.target) problems.push(`${what}: ${m.method} ${m.target}`);
    const next = keys[i + 1];
    const answered = next && next.stream === k.stream && next.kind === 'response';
    if (!answered && ex.response && ex.response.endRow >= 0)
      problems.push(`${what}: has a response the manifest lacks`);
    if (!answered && ex.response === null && !ex.unanswered) problems.push(`${what}: not marked unanswered`);
  }
  return problems;
}
