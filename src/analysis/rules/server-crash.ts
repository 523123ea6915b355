// server-crash: the server endpoint closed several established connections at one instant (its
// kernel closing every socket of a process that died or exited), not one by one at an idle timer,
// and afterwards requests on those connections were reset or new connections were refused — the
// process was gone. Labels the closed connections and the refused attempts that followed.
import { burstFlows, type CloseBurst } from '../close-bursts';
import type { RuleContext } from '../context';
import { CRASH_MIN_FLOWS } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

export const serverCrash: Rule = {
  id: 'server-crash',
  needs: ['facts', 'close-bursts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const b of ctx.bursts.byServer) {
      const members = burstFlows(b).sort((x, y) => x - y);
      if (b.timerLike || members.length < CRASH_MIN_FLOWS) continue;
      const finding = crashFinding(ctx, b, members);
      if (finding) out.push(finding);
    }
    return out;
  },
};

function crashFinding(ctx: RuleContext, b: CloseBurst, members: number[]): RawFinding | null {
  const first = b.events[0];
  const last = b.events[b.events.length - 1];
  if (!first || !last) return null;
  const resets = members.filter((i) => {
    const f = ctx.facts(i);
    const close = f.close[1];
    return f.rst[1] > close && f.lastData[0] > close;
  });
  const refused = refusedAfter(ctx, first.server, first.t);
  if (resets.length === 0 && refused.length === 0) return null;
  const firstReset = resets.length > 0 ? ctx.facts(resets[0] ?? 0).rst[1] : -1;
  const firstRefusal = refused.length > 0 ? ctx.facts(refused[0] ?? 0).refusalRow : -1;
  return makeFinding(ctx, 'server-crash', {
    flows: [...members, ...refused],
    keyRows: { firstClose: first.row, lastClose: last.row, firstReset, firstRefusal },
    extraRows: b.events.map((e) => e.row),
    numbers: {
      connections: members.length,
      spreadSeconds: secs(b.spread),
      idleSpreadSeconds: secs(b.idleSpread),
      resetRequests: resets.length,
      refusedConnections: refused.length,
      rsts: b.events.filter((e) => e.rst).length,
    },
    context: { server: ctx.endpoint(first.flow, 1) },
    variant: refused.length > 0 ? 'refused-after' : 'reset-after',
  });
}

/** Refused connection attempts to the same server endpoint after `t`, until one succeeds again. */
function refusedAfter(ctx: RuleContext, server: number, t: number): number[] {
  const later = ctx.tcp
    .filter((i) => {
      const fl = ctx.flowSet.flows[i];
      return fl && fl.serverAddr * 65536 + fl.serverPort === server && fl.start > t;
    })
    .sort((a, b) => (ctx.flowSet.flows[a]?.start ?? 0) - (ctx.flowSet.flows[b]?.start ?? 0));
  const out: number[] = [];
  for (const i of later) {
    const f = ctx.facts(i);
    if (f.synAckRow >= 0) break; // the server listens again
    if (f.refused) out.push(i);
  }
  return out;
}
