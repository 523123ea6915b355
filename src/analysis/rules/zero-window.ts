// zero-window: a receiver advertised a zero window (its application stopped reading and its buffer
// filled) for a significant time, and the sender probed (persist timer, RFC 9293 §3.8.6.1). The
// transfer stalls until the reader resumes; nothing is lost.
import type { RuleContext } from '../context';
import type { FlowFacts, ZeroWindowPeriod } from '../flow-facts';
import { zeroWindowMin } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

const MAX_PROBE_FRAMES = 40;

function duration(ctx: RuleContext, f: FlowFacts, z: ZeroWindowPeriod): number {
  return (z.endRow >= 0 ? ctx.time(z.endRow) : ctx.time(f.lastRow)) - ctx.time(z.startRow);
}

export const zeroWindow: Rule = {
  id: 'zero-window',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      if (f.zeroWindows.length === 0) continue;
      const min = zeroWindowMin(ctx.rtt(i));
      const periods = f.zeroWindows.filter((z) => z.probes.length > 0 && duration(ctx, f, z) >= min);
      const longest = periods.sort((a, b) => duration(ctx, f, b) - duration(ctx, f, a))[0];
      if (!longest) continue;
      const z = longest;
      out.push(
        makeFinding(ctx, 'zero-window', {
          flows: [i],
          keyRows: {
            lastDataBefore: z.lastDataBefore,
            zeroWindow: z.startRow,
            firstProbe: z.probes[0] ?? -1,
            windowUpdate: z.endRow,
            firstDataAfter: z.firstDataAfter,
          },
          extraRows: [...z.probes.slice(0, MAX_PROBE_FRAMES), ...z.replies.slice(0, MAX_PROBE_FRAMES)],
          numbers: {
            durationSeconds: secs(duration(ctx, f, z)),
            probes: z.probes.length,
            periods: periods.length,
            reopened: z.endRow >= 0,
          },
          context: {
            receiver: z.receiver === 0 ? 'client' : 'server',
            receiverEndpoint: ctx.endpoint(i, z.receiver),
            senderEndpoint: ctx.endpoint(i, z.receiver === 0 ? 1 : 0),
          },
          variant: z.endRow >= 0 ? 'recovered' : 'never-reopened',
        }),
      );
    }
    return out;
  },
};
