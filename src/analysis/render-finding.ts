// Turns a rule's RawFinding into a Finding with texts in one language: title, explanation, what the
// client most likely logged (per library), the fix per library and the server-side option.
import type { FlowSet } from '../flows/model';
import type { Lang } from './diagnose';
import { exceptionFor, FIX_PLAN, serverLogsReset } from './fix-plan';
import type { IdleTimeoutEstimate } from './infer-idle-timeouts';
import {
  CLIENT_POOL_IDLE,
  IDEMPOTENT_METHODS,
  LIBRARY_NAMES,
  matchTimeout,
  recommendedPoolIdle,
  SERVER_IDLE_CLOSE,
  SERVER_RESET_LOGS,
  SILENT_DROP,
} from './knowledge';
import type { RuleLabel } from './labels';
import { PACKS } from './texts';
import type { FixParams, TextArgs } from './texts/types';
import { type Finding, LIBRARIES, type LibraryId, type RawFinding } from './types';

export function textArgs(raw: RawFinding, flows: FlowSet, idle: readonly IdleTimeoutEstimate[]): TextArgs {
  const num = (k: string): number => {
    const v = raw.numbers[k];
    return typeof v === 'number' ? v : Number.NaN;
  };
  const first = flows.flows[raw.flows[0] ?? -1];
  const serverIdle = first
    ? idle.find((e) => e.serverAddr === first.serverAddr && e.serverPort === first.serverPort)
    : undefined;
  const idleFin = num('idleBeforeFinSeconds');
  const idleClient = num('idleSeconds');
  return {
    finding: raw,
    num,
    frame: (k) => raw.keyFrames[k],
    ctx: (k) => raw.context[k] ?? '',
    streams: [...raw.flows, ...raw.related].map((i) => flows.flows[i]?.stream ?? -1),
    variant: raw.variant,
    serverIdle,
    serverMatch: Number.isFinite(idleFin) ? matchTimeout(SERVER_IDLE_CLOSE, idleFin) : null,
    clientMatch:
      raw.rule === 'client-idle-close' && Number.isFinite(idleClient)
        ? matchTimeout(CLIENT_POOL_IDLE, idleClient)
        : null,
    middleboxes:
      raw.rule === 'silent-idle-drop' && Number.isFinite(idleClient)
        ? SILENT_DROP.filter((m) => m.seconds <= idleClient + 1)
        : [],
  };
}

function fixParams(a: TextArgs): FixParams {
  const method = a.ctx('method') || null;
  let limit: number | null = a.serverIdle?.seconds ?? null;
  if (
    limit === null &&
    Number.isFinite(a.num('idleBeforeFinSeconds')) &&
    a.num('idleBeforeFinSeconds') >= 0.5
  ) {
    limit = a.num('idleBeforeFinSeconds');
  }
  if (a.finding.rule === 'silent-idle-drop') limit = a.middleboxes[0]?.seconds ?? a.num('idleSeconds');
  const idle =
    a.finding.rule === 'client-idle-close'
      ? Math.max(1, Math.round(a.num('idleSeconds')))
      : recommendedPoolIdle(limit ?? Number.NaN);
  return { idle, limit, method, idempotent: method ? IDEMPOTENT_METHODS.has(method) : null };
}

/** Chinese typesetting: a space between Han characters and Latin letters or digits ("包 12 中"). */
export function spaceCjk(s: string): string {
  return s
    .replace(/([\u4e00-\u9fff])([A-Za-z0-9])/g, '$1 $2')
    .replace(/([A-Za-z0-9%])([\u4e00-\u9fff])/g, '$1 $2');
}

export function renderFinding(
  raw: RawFinding,
  flows: FlowSet,
  idle: readonly IdleTimeoutEstimate[],
  lang: Lang,
): Finding {
  const out = renderIn(raw, flows, idle, lang);
  if (lang !== 'zh-CN') return out;
  return {
    ...out,
    title: spaceCjk(out.title),
    explanation: spaceCjk(out.explanation),
    serverFix: spaceCjk(out.serverFix),
    fixes: out.fixes.map((f) => ({ ...f, text: spaceCjk(f.text) })),
  };
}

/** Fix texts per library, the same for every finding of a rule with the same parameters: a capture
 * with hundreds of findings renders each set once. Pure, so kept across calls (bounded). */
const fixCache = new Map<string, readonly string[]>();

function fixTexts(rule: RuleLabel, params: FixParams, lang: Lang): readonly string[] {
  const n = (v: number | null): string => (v === null ? 'null' : Object.is(v, -0) ? '-0' : String(v));
  const key = `${lang}\u0000${rule}\u0000${n(params.idle)}\u0000${n(params.limit)}\u0000${params.method ?? '\u0001'}\u0000${params.idempotent}`;
  let texts = fixCache.get(key);
  if (!texts) {
    const pack = PACKS[lang];
    const families = FIX_PLAN[rule].fixes;
    texts = LIBRARIES.map((library) =>
      families.map((family) => pack.fixes[family][library](params)).join(lang === 'zh-CN' ? '' : ' '),
    );
    if (fixCache.size >= 4096) fixCache.clear();
    fixCache.set(key, texts);
  }
  return texts;
}

function renderIn(
  raw: RawFinding,
  flows: FlowSet,
  idle: readonly IdleTimeoutEstimate[],
  lang: Lang,
): Finding {
  const pack = PACKS[lang];
  const a = textArgs(raw, flows, idle);
  const texts = pack.rules[raw.rule];
  const params = fixParams(a);
  return {
    ...raw,
    streams: a.streams,
    title: texts.title(a),
    explanation: texts.explanation(a),
    clientSaw: LIBRARIES.flatMap((library) => {
      const text = exceptionFor(raw, library);
      return text ? [{ library, name: LIBRARY_NAMES[library], text }] : [];
    }),
    serverSaw: serverLogsReset(raw) ? [...SERVER_RESET_LOGS] : [],
    fixes: fixTexts(raw.rule, params, lang).map((text, k) => {
      const library = LIBRARIES[k] as LibraryId;
      return { library, name: LIBRARY_NAMES[library], text };
    }),
    serverFix: texts.serverFix(a),
  };
}
