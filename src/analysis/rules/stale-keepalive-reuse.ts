// stale-keepalive-reuse: the server closed an idle keep-alive connection (FIN), and the client sent a
// request on it later than one RTT (plus a few ms) after that FIN: its pool kept a half-closed
// connection (CLOSE_WAIT on the client) and reused it. The server answers RST or nothing.
import type { RuleContext } from '../context';
import { raceWindow } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';
import { idleCloseReuses } from './exchanges';

export const staleKeepaliveReuse: Rule = {
  id: 'stale-keepalive-reuse',
  needs: ['facts', 'idle-timeouts', 'close-bursts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const { flow: i, facts: f, reuse, rtt } of idleCloseReuses(ctx)) {
      if (reuse.delta <= raceWindow(rtt)) continue;
      const idle = ctx.idleTimeoutFor(i);
      out.push(
        makeFinding(ctx, 'stale-keepalive-reuse', {
          flows: [i],
          keyRows: {
            lastResponse: reuse.lastResponse?.lastRow ?? -1,
            serverFin: reuse.finRow,
            finAck: f.finAck[1],
            request: reuse.request.firstRow,
            rst: reuse.rstRow,
          },
          numbers: {
            idleBeforeFinSeconds: secs(reuse.idleBeforeFin),
            finToRequestSeconds: secs(reuse.delta),
            rttSeconds: secs(rtt),
            serverIdleTimeoutSeconds: idle?.seconds ?? null,
            serverIdleTimeoutSamples: idle?.samples ?? 0,
            keepAliveHeaderSeconds: idle?.keepAliveHeader ?? null,
            reset: reuse.rstRow >= 0,
          },
          context: {
            client: ctx.endpoint(i, 0),
            server: ctx.endpoint(i, 1),
            ...requestContext(reuse.request),
          },
          variant: reuse.rstRow >= 0 ? 'rst' : 'fin-only',
        }),
      );
    }
    return out;
  },
};
