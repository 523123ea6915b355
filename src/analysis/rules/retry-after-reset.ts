// retry-after-reset: a connection whose last request failed (no response before a FIN or RST) is
// followed, within about a second, by a new connection from the same client host to the same server
// that sends the same request again: the client library retried on its own (OkHttp
// retryOnConnectionFailure, HttpClient retry handlers, Go's replay of idempotent requests...).
// Whether that was safe depends on the method: RFC 9110 §9.2.2 (idempotent methods), RFC 9112 §9.3.1.
import type { RuleContext } from '../context';
import type { FlowFacts, Message } from '../flow-facts';
import { IDEMPOTENT_METHODS } from '../knowledge';
import { RouteMap } from '../route-map';
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
  const take = (r: number): void => {
    if (r > request.firstRow && (failRow < 0 || r < failRow)) failRow = r;
  };
  take(f.fin[0]);
  take(f.fin[1]);
  for (const r of f.rstRows) take(r);
  return failRow < 0 ? null : { flow: f.index, request, failRow };
}

function sameRequest(a: Message, b: Message): boolean {
  if (a.http?.method && b.http?.method)
    return a.http.method === b.http.method && a.http.target === b.http.target;
  return !a.http && !b.http && a.bytes === b.bytes;
}

/** TCP flows of one client host to one server endpoint, in the order flows were made (their first
 * packet's); `sorted` when their start times do not go back, as in any capture with sane clocks. */
interface Route {
  flows: number[];
  starts: number[];
  sorted: boolean;
}

function byRoute(ctx: RuleContext): RouteMap<Route> {
  const out = new RouteMap<Route>();
  for (const i of ctx.tcp) {
    const f = ctx.flowSet.flows[i];
    if (!f) continue;
    const r = out.upsert(f, () => ({ flows: [], starts: [], sorted: true }));
    const last = r.starts[r.starts.length - 1];
    if (!(f.start >= (last ?? Number.NEGATIVE_INFINITY))) r.sorted = false;
    r.flows.push(i);
    r.starts.push(f.start);
  }
  return out;
}

/** First index whose start is not below `t` (the flows before it started too early to be a retry). */
function firstAtOrAfter(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] ?? 0) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findRetry(
  ctx: RuleContext,
  routes: RouteMap<Route>,
  fail: Failure,
  used: Set<number>,
): { flow: number; request: Message } | null {
  const fl = ctx.flowSet.flows[fail.flow];
  const route = fl && routes.get(fl);
  if (!route) return null;
  const from = fail.request.start;
  const until = ctx.time(fail.failRow) + retryWindow(ctx.rtt(fail.flow));
  // With start times in order, only a run of the route's flows can fall in [from, until].
  const k0 = route.sorted ? firstAtOrAfter(route.starts, from) : 0;
  for (let k = k0; k < route.flows.length; k++) {
    if (route.sorted && (route.starts[k] ?? 0) > until) break;
    const j = route.flows[k] ?? -1;
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
    let routes: RouteMap<Route> | null = null;
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
