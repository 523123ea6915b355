// retransmission-timeout: a segment sent again and again with growing intervals (RTO backoff,
// RFC 6298 §5.5) and never acknowledged, until the sender reset or went silent (gave up, e.g. Linux
// tcp_retries2 or TCP_USER_TIMEOUT). For a SYN this is a connect timeout (a filtered port, a dead
// host, a black-holed path).
import type { RuleContext } from '../context';
import { type FlowFacts, firstCloseAfter, type RetransChain } from '../flow-facts';
import { RTO_MIN_DATA_RETRANS, RTO_MIN_SYN_RETRANS } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

/** Intervals never shrink (10 % jitter allowed) and the last is at least 1.5× the first. */
export function isBackoff(intervals: readonly number[]): boolean {
  if (intervals.length < 2) return false;
  for (let k = 1; k < intervals.length; k++)
    if ((intervals[k] ?? 0) < 0.9 * (intervals[k - 1] ?? 0)) return false;
  return (intervals[intervals.length - 1] ?? 0) >= 1.5 * (intervals[0] ?? 0);
}

/**
 * The ACK came too late when the sender had already given up: its RST precedes the ACK, or its very
 * next packet answers the ACK with RST (no socket any more; scenario m, frames 14-15).
 */
function ackedTooLate(ctx: RuleContext, f: FlowFacts, c: RetransChain): boolean {
  const last = c.rows[c.rows.length - 1] ?? -1;
  const rst = firstCloseAfter(f, c.dir, last);
  if (rst < 0 || f.rst[c.dir] !== rst) return false;
  if (rst < c.ackRow) return true;
  const next = f.flow.rows.find((r) => r > c.ackRow && ctx.flowSet.columns.dir[r] === c.dir);
  return next === rst;
}

export function timedOutChain(ctx: RuleContext, f: FlowFacts): RetransChain | null {
  let best: RetransChain | null = null;
  for (const c of f.chains) {
    const min = c.syn ? RTO_MIN_SYN_RETRANS : RTO_MIN_DATA_RETRANS;
    if (c.rows.length - 1 < min || (c.ackRow >= 0 && !ackedTooLate(ctx, f, c))) continue;
    const times = c.rows.map((r) => ctx.time(r));
    const intervals = times.slice(1).map((t, k) => t - (times[k] ?? t));
    if (!isBackoff(intervals)) continue;
    if (!best || c.rows.length > best.rows.length) best = c;
  }
  return best;
}

export const retransmissionTimeout: Rule = {
  id: 'retransmission-timeout',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      const c = timedOutChain(ctx, f);
      if (!c) continue;
      const original = c.rows[0] ?? -1;
      const lastRetrans = c.rows[c.rows.length - 1] ?? -1;
      const senderRst = f.rst[c.dir] > lastRetrans ? f.rst[c.dir] : -1;
      const times = c.rows.map((r) => ctx.time(r));
      const peerLater =
        f.flow.rows.find((r) => r > lastRetrans && ctx.flowSet.columns.dir[r] !== c.dir) ?? -1;
      out.push(
        makeFinding(ctx, 'retransmission-timeout', {
          flows: [i],
          keyRows: { original, lastRetransmission: lastRetrans, peerLater, rst: senderRst },
          extraRows: c.rows,
          numbers: {
            retransmissions: c.rows.length - 1,
            firstIntervalSeconds: secs((times[1] ?? 0) - (times[0] ?? 0)),
            lastIntervalSeconds: secs((times[times.length - 1] ?? 0) - (times[times.length - 2] ?? 0)),
            totalSeconds: secs((times[times.length - 1] ?? 0) - (times[0] ?? 0)),
            resetAfterSeconds: senderRst >= 0 ? secs(ctx.time(senderRst) - (times[0] ?? 0)) : null,
            bytes: c.syn ? 0 : (ctx.table.payloadLength[original] ?? 0),
          },
          context: {
            sender: c.dir === 0 ? 'client' : 'server',
            from: ctx.endpoint(i, c.dir),
            to: ctx.endpoint(i, c.dir === 0 ? 1 : 0),
          },
          variant: c.syn ? 'syn' : 'data',
        }),
      );
    }
    return out;
  },
};
