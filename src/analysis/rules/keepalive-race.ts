// keepalive-race: a request on a kept-alive connection that left the client within one RTT (plus a
// few ms) of the server's FIN — or crossed it in flight. The client could not have known; only a
// retry of idempotent requests, or a pool idle time below the server's, avoids it.
import type { RuleContext } from '../context';
import { raceWindow } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';
import { idleCloseReuses } from './exchanges';

export const keepaliveRace: Rule = {
  id: 'keepalive-race',
  needs: ['facts', 'idle-timeouts', 'close-bursts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const { flow: i, reuse, rtt } of idleCloseReuses(ctx)) {
      if (reuse.delta > raceWindow(rtt)) continue;
      const idle = ctx.idleTimeoutFor(i);
      out.push(
        makeFinding(ctx, 'keepalive-race', {
          flows: [i],
          keyRows: {
            lastResponse: reuse.lastResponse?.lastRow ?? -1,
            serverFin: reuse.finRow,
            request: reuse.request.firstRow,
            rst: reuse.rstRow,
          },
          numbers: {
            finToRequestSeconds: secs(reuse.delta),
            raceWindowSeconds: secs(raceWindow(rtt)),
            rttSeconds: secs(rtt),
            idleBeforeFinSeconds: secs(reuse.idleBeforeFin),
            serverIdleTimeoutSeconds: idle?.seconds ?? null,
            reset: reuse.rstRow >= 0,
          },
          context: {
            client: ctx.endpoint(i, 0),
            server: ctx.endpoint(i, 1),
            ...requestContext(reuse.request),
          },
          variant: reuse.delta < 0 ? 'crossed' : 'after-fin',
        }),
      );
    }
    return out;
  },
};
