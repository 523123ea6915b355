// upstream-refused-502 (seed 003, scenario 2): a proxy answered 502/503/504 on a client-facing
// connection, and in the same capture the proxy's own connection to its upstream was refused or
// reset while that request was waiting. The 502 is the proxy translating the upstream failure.

import { httpRefsOf } from '../../flows/connection-summary';
import type { HttpExchange } from '../../flows/model';
import type { RuleContext } from '../context';
import type { FlowFacts } from '../flow-facts';
import { UPSTREAM_SLACK_S } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';
import { lastUnanswered } from './exchanges';

const GATEWAY_ERRORS = new Set([502, 503, 504]);

/** The flow's exchanges that may have a request and a gateway-error response: read from the flows
 * layer's message store when it has one, making objects for those exchanges only (all otherwise). */
function gatewayCandidates(f: FlowFacts): readonly HttpExchange[] {
  const refs = httpRefsOf(f.flow);
  if (!refs) return f.flow.http;
  const out: HttpExchange[] = [];
  for (let k = 0; k < refs.length; k++) {
    const r = refs.response(k);
    if (r >= 0 && refs.request(k) >= 0 && GATEWAY_ERRORS.has(refs.store.statusOf(r)))
      out.push(refs.exchange(k));
  }
  return out;
}

interface UpstreamFailure {
  flow: number;
  row: number;
  kind: 'refused' | 'reset' | 'closed';
}

/** Failure events of an upstream flow: the refusing RST, any RST, or a close after an unanswered request. */
function failureRows(f: FlowFacts): UpstreamFailure[] {
  if (f.refused) return f.refusalRow >= 0 ? [{ flow: f.index, row: f.refusalRow, kind: 'refused' }] : [];
  const out: UpstreamFailure[] = f.rstRows.map((row) => ({ flow: f.index, row, kind: 'reset' as const }));
  const pending = lastUnanswered(f);
  const close = pending ? Math.max(f.close[0], f.close[1]) : -1;
  if (pending && close > pending.lastRow) out.push({ flow: f.index, row: close, kind: 'closed' });
  return out;
}

/** TCP flows per client host: the proxy's own upstream connections are found by its address. */
function byClientHost(ctx: RuleContext): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const i of ctx.tcp) {
    const f = ctx.flowSet.flows[i];
    if (!f) continue;
    const list = out.get(f.clientAddr) ?? [];
    list.push(i);
    out.set(f.clientAddr, list);
  }
  return out;
}

function upstreamFor(
  ctx: RuleContext,
  hosts: Map<number, number[]>,
  i: number,
  ex: HttpExchange,
): UpstreamFailure | null {
  const fl = ctx.flowSet.flows[i];
  const resp = ex.response;
  if (!fl || !resp || !ex.request) return null;
  const from = ctx.time(ex.request.row) - UPSTREAM_SLACK_S;
  const to = ctx.time(resp.row) + UPSTREAM_SLACK_S;
  let best: UpstreamFailure | null = null;
  for (const j of hosts.get(fl.serverAddr) ?? []) {
    const g = ctx.flowSet.flows[j];
    if (!g || j === i) continue;
    if (g.serverAddr === fl.serverAddr && g.serverPort === fl.serverPort) continue;
    for (const u of failureRows(ctx.facts(j))) {
      const t = ctx.time(u.row);
      if (t >= from && t <= to && (!best || t > ctx.time(best.row))) best = u;
    }
  }
  return best;
}

export const upstreamRefused502: Rule = {
  id: 'upstream-refused-502',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    let hosts: Map<number, number[]> | null = null;
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      for (const ex of gatewayCandidates(f)) {
        const status = ex.response?.status;
        if (!ex.request || !ex.response || status === undefined || !GATEWAY_ERRORS.has(status)) continue;
        hosts ??= byClientHost(ctx);
        const up = upstreamFor(ctx, hosts, i, ex);
        if (!up) continue;
        out.push(
          makeFinding(ctx, 'upstream-refused-502', {
            flows: [i],
            related: [up.flow],
            keyRows: { request: ex.request.row, upstreamFailure: up.row, response: ex.response.row },
            numbers: {
              status,
              upstreamToResponseSeconds: secs(ctx.time(ex.response.row) - ctx.time(up.row)),
              requestToResponseSeconds: secs(ctx.time(ex.response.row) - ctx.time(ex.request.row)),
            },
            context: {
              client: ctx.endpoint(i, 0),
              proxy: ctx.endpoint(i, 1),
              upstream: ctx.endpoint(up.flow, 1),
              ...(ex.request.method ? { method: ex.request.method } : {}),
              ...(ex.request.target ? { target: ex.request.target } : {}),
            },
            variant: up.kind,
          }),
        );
        break;
      }
    }
    return out;
  },
};
