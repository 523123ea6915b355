// reset-burst (seed 004): at least five connections closed by one host within a few milliseconds,
// by RST or FIN, and not one by one at an idle timer: a process exiting, a pool shut down, or
// finalizers closing leaked sockets during GC. See close-bursts.ts for the timer test.
import { burstFlows } from '../close-bursts';
import type { RuleContext } from '../context';
import { BURST_MIN_FLOWS } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

export const resetBurst: Rule = {
  id: 'reset-burst',
  needs: ['facts', 'close-bursts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const b of ctx.bursts.byHost) {
      const flows = burstFlows(b).sort((x, y) => x - y);
      if (b.timerLike || flows.length < BURST_MIN_FLOWS) continue;
      const first = b.events[0];
      const last = b.events[b.events.length - 1];
      if (!first || !last) continue;
      const rsts = b.events.filter((e) => e.rst).length;
      const clientSide = b.events.filter((e) => e.side === 0).length;
      out.push(
        makeFinding(ctx, 'reset-burst', {
          flows,
          keyRows: { first: first.row, last: last.row },
          extraRows: b.events.map((e) => e.row),
          numbers: {
            connections: flows.length,
            spreadSeconds: secs(b.spread),
            rsts,
            fins: b.events.length - rsts,
            idleSpreadSeconds: secs(b.idleSpread),
          },
          context: {
            host: ctx.table.addresses.format(first.host),
            closingSide: clientSide === b.events.length ? 'client' : clientSide === 0 ? 'server' : 'both',
          },
          variant: clientSide === b.events.length ? 'client' : clientSide === 0 ? 'server' : 'both',
        }),
      );
    }
    return out;
  },
};
