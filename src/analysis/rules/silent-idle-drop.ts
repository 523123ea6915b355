// silent-idle-drop: after a long idle with no FIN either way, the next packet is answered by a RST
// (or retransmitted unanswered): a NAT, firewall or load balancer forgot the connection and either
// resets it (AWS NAT gateway, Azure LB with TCP reset) or drops it silently (Azure LB default,
// conntrack expiry). idle-timeouts.md §4.6.
import type { RuleContext } from '../context';
import type { FlowFacts, Side } from '../flow-facts';
import { SILENT_DROP_MIN_IDLE_S } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';
import { timedOutChain } from './retransmission-timeout';

interface Drop {
  before: number;
  packet: number;
  idle: number;
  answer: number;
  how: 'rst' | 'timeout';
}

export function findDrop(ctx: RuleContext, f: FlowFacts): Drop | null {
  const gap = f.longestGap;
  if (!gap || gap.idle < SILENT_DROP_MIN_IDLE_S) return null;
  if ((f.close[0] >= 0 && f.close[0] <= gap.before) || (f.close[1] >= 0 && f.close[1] <= gap.before))
    return null;
  const side = (ctx.flowSet.columns.dir[gap.after] ?? 0) as Side;
  const peer = (1 - side) as Side;
  const answer = f.flow.rows.find((r) => r > gap.after && ctx.flowSet.columns.dir[r] === peer) ?? -1;
  if (answer >= 0 && f.rstRows.includes(answer))
    return { before: gap.before, packet: gap.after, idle: gap.idle, answer, how: 'rst' };
  const chain = timedOutChain(ctx, f);
  if (chain && chain.dir === side && (chain.rows[0] ?? -1) >= gap.after && answer < 0) {
    return {
      before: gap.before,
      packet: gap.after,
      idle: gap.idle,
      answer: chain.rows[chain.rows.length - 1] ?? -1,
      how: 'timeout',
    };
  }
  return null;
}

export const silentIdleDrop: Rule = {
  id: 'silent-idle-drop',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      const d = findDrop(ctx, f);
      if (!d) continue;
      const side = ctx.flowSet.columns.dir[d.packet] === 0 ? 'client' : 'server';
      out.push(
        makeFinding(ctx, 'silent-idle-drop', {
          flows: [i],
          keyRows: { lastBeforeIdle: d.before, firstAfterIdle: d.packet, answer: d.answer },
          numbers: {
            idleSeconds: secs(d.idle),
            answerAfterSeconds: secs(ctx.time(d.answer) - ctx.time(d.packet)),
          },
          context: { sender: side, client: ctx.endpoint(i, 0), server: ctx.endpoint(i, 1) },
          variant: d.how,
        }),
      );
    }
    return out;
  },
};
