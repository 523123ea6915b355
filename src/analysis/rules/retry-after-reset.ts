// retry-after-reset: a connection whose last request failed (no response before a FIN or RST) is
// followed, within about a second, by a new connection from the same client host to the same server
// that sends the same request again: the client library retried on its own (OkHttp
// retryOnConnectionFailure, HttpClient retry handlers, Go's replay of idempotent requests...).
// Whether that was safe depends on the method: RFC 9110 §9.2.2 (idempotent methods), RFC 9112 §9.3.1.
import type { RuleContext } from '../context';
import type { FlowFacts, Message } from '../flow-facts';
import { IDEMPOTENT_METHODS } from '../knowledge';
import { retryWindow } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';
import { lastUnanswered } from './exchanges';

interface Failure {
  flow: number;
  request: Message;
  /** First FIN or RST after the request: when the client learnt of the failure. */
  failRow: number;
}

function failure(f: FlowFacts): Failure | null {
  const request = lastUnanswered(f);
  if (!request) return null;
  let failRow = -1;
  for (const r of [f.fin[0], f.fin[1], ...f.rstRows])
    if (r > request.firstRow && (failRow < 0 || r < failRow)) failRow = r;
  return failRow < 0 ? null : { flow: f.index, request, failRow };
}

function sameRequest(a: Message, b: Message): boolean {
  if (a.http?.method && b.http?.method)
    return a.http.method === b.http.method && a.http.target === b.http.target;
  return !a.http && !b.http && a.bytes === b.bytes;
}

/** TCP flows per client host and server endpoint, in order of start (flows are made in that order). */
function byRoute(ctx: RuleContext): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of ctx.tcp) {
    const f = ctx.flowSet.flows[i];
    if (!f) continue;
    const key = `${f.clientAddr}/${f.serverAddr}/${f.serverPort}`;
    const list = out.get(key) ?? [];
    list.push(i);
    out.set(key, list);
  }
  return out;
}

function findRetry(
  ctx: RuleContext,
  routes: Map<string, number[]>,
  fail: Failure,
  used: Set<number>,
): { flow: number; request: Message } | null {
  const fl = ctx.flowSet.flows[fail.flow];
  if (!fl) return null;
  const from = fail.request.start;
  const until = ctx.time(fail.failRow) + retryWindow(ctx.rtt(fail.flow));
  for (const j of routes.get(`${fl.clientAddr}/${fl.serverAddr}/${fl.serverPort}`) ?? []) {
    const g = ctx.flowSet.flows[j];
    if (!g || j === fail.flow || used.has(j) || g.start < from || g.start > until) continue;
    const first = ctx.facts(j).messages.find((m) => m.dir === 0);
    if (first && sameRequest(fail.request, first)) return { flow: j, request: first };
  }
  return null;
}

export const retryAfterReset: Rule = {
  id: 'retry-after-reset',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    const used = new Set<number>();
    let routes: Map<string, number[]> | null = null;
    for (const i of ctx.tcp) {
      const fail = failure(ctx.facts(i));
      if (!fail) continue;
      routes ??= byRoute(ctx);
      const retry = findRetry(ctx, routes, fail, used);
      if (!retry) continue;
      used.add(retry.flow);
      const g = ctx.facts(retry.flow);
      const method = fail.request.http?.method;
      out.push(
        makeFinding(ctx, 'retry-after-reset', {
          flows: [i, retry.flow],
          keyRows: {
            failedRequest: fail.request.firstRow,
            failure: fail.failRow,
            retrySyn: g.synRow >= 0 ? g.synRow : g.firstRow,
            retryRequest: retry.request.firstRow,
          },
          numbers: {
            delaySeconds: secs((ctx.flowSet.flows[retry.flow]?.start ?? 0) - ctx.time(fail.failRow)),
            idempotent: method ? IDEMPOTENT_METHODS.has(method) : null,
            retryAnswered: g.messages.some((m) => m.dir === 1 && m.firstRow > retry.request.firstRow),
          },
          context: {
            client: ctx.endpoint(i, 0),
            server: ctx.endpoint(i, 1),
            ...requestContext(fail.request),
          },
          variant: method
            ? IDEMPOTENT_METHODS.has(method)
              ? 'idempotent'
              : 'non-idempotent'
            : 'unknown-method',
        }),
      );
    }
    return out;
  },
};
