// client-idle-close: the client closed a pooled connection (FIN, no reset anywhere) after it sat idle
// for at least a second — its pool's idle timer fired before the server's, which is the healthy way
// round (idle-timeouts.md §4.7). A client that closes right after its last response is just healthy.
// Grouped per client host and server endpoint.
import { maxOf, median, minOf, type RuleContext } from '../context';
import type { FlowFacts } from '../flow-facts';
import { CLIENT_IDLE_MIN_S } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

interface IdleClose {
  flow: number;
  lastData: number;
  fin: number;
  idle: number;
}

export function findIdleClose(ctx: RuleContext, f: FlowFacts): IdleClose | null {
  const fin = f.fin[0];
  if (fin < 0 || f.close[0] !== fin || f.rstRows.length > 0) return null;
  if (f.close[1] >= 0 && f.close[1] < fin) return null;
  const last = f.messages.filter((m) => m.firstRow < fin).pop();
  if (last && last.dir === 0) return null; // a request still waiting: that is no-response
  const lastRow = last ? last.lastRow : f.handshakeAckRow >= 0 ? f.handshakeAckRow : f.firstRow;
  const idle = ctx.time(fin) - ctx.time(lastRow);
  if (idle < Math.max(CLIENT_IDLE_MIN_S, 4 * ctx.rtt(f.index))) return null;
  return { flow: f.index, lastData: lastRow, fin, idle };
}

export const clientIdleClose: Rule = {
  id: 'client-idle-close',
  needs: ['facts', 'idle-timeouts'],
  run(ctx: RuleContext): RawFinding[] {
    const groups = new Map<string, IdleClose[]>();
    for (const i of ctx.tcp) {
      const c = findIdleClose(ctx, ctx.facts(i));
      if (!c) continue;
      const fl = ctx.flowSet.flows[i];
      const key = `${fl?.clientAddr}/${fl?.serverAddr}/${fl?.serverPort}`;
      const list = groups.get(key);
      if (list) list.push(c);
      else groups.set(key, [c]);
    }
    return [...groups.values()].map((list) => {
      const first = list[0] as IdleClose;
      const idles = list.map((c) => c.idle);
      const server = ctx.idleTimeoutFor(first.flow);
      return makeFinding(ctx, 'client-idle-close', {
        flows: list.map((c) => c.flow),
        keyRows: { lastData: first.lastData, clientFin: first.fin, serverFin: ctx.facts(first.flow).fin[1] },
        extraRows: list.flatMap((c) => [c.lastData, c.fin]),
        numbers: {
          connections: list.length,
          idleSeconds: secs(median(idles)),
          minSeconds: secs(minOf(idles)),
          maxSeconds: secs(maxOf(idles)),
          serverIdleTimeoutSeconds: server?.seconds ?? null,
        },
        context: { client: ctx.endpoint(first.flow, 0), server: ctx.endpoint(first.flow, 1) },
      });
    });
  },
};
