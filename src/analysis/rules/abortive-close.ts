// abortive-close: the catch-all for a RST that no other rule explains. Usually a side ending a
// finished connection with RST instead of FIN (SO_LINGER 0, a client that resets rather than closes,
// a scanner resetting a half-open connection): harmless to the exchange, though the peer may log a
// reset. It runs after the other rules and skips flows whose RST they already explain.
import type { RuleContext } from '../context';
import type { FlowFacts, Side } from '../flow-facts';
import { EXPLAINS_RESET, type Label } from '../labels';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

type Variant = 'after-close' | 'after-complete' | 'before-data' | 'in-transfer';

function classify(f: FlowFacts, rst: number, side: Side): Variant {
  // The resetter had already sent its FIN: a late segment hit a socket that was closed (RFC 9293 §3.10.7.4).
  if (f.fin[side] >= 0 && f.fin[side] < rst) return 'after-close';
  const before = f.messages.filter((m) => m.firstRow < rst);
  if (before.length === 0) return 'before-data';
  const last = before[before.length - 1];
  if (last && last.dir === 1 && last.lastRow < rst) return 'after-complete';
  return 'in-transfer';
}

function explained(labels: ReadonlySet<Label>): boolean {
  for (const l of labels) if (EXPLAINS_RESET.has(l)) return true;
  return false;
}

export const abortiveClose: Rule = {
  id: 'abortive-close',
  needs: ['facts', 'other-rules'],
  run(ctx: RuleContext): RawFinding[] {
    const groups = new Map<string, { flows: number[]; rst: number; side: Side; variant: Variant }>();
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      if (f.rstRows.length === 0 || f.refused) continue;
      if (explained(ctx.labelsOf(i))) continue;
      const rst = f.rstRows[0] ?? -1;
      const side = f.rstSides[0] ?? 0;
      const variant = classify(f, rst, side);
      const fl = f.flow;
      const key = `${variant}/${side}/${fl.clientAddr}/${fl.serverAddr}/${fl.serverPort}`;
      const g = groups.get(key) ?? { flows: [], rst, side, variant };
      g.flows.push(i);
      groups.set(key, g);
    }
    return [...groups.values()].map((g) => {
      const first = g.flows[0] ?? 0;
      const f = ctx.facts(first);
      const lastData = Math.max(f.lastData[0], f.lastData[1]);
      return makeFinding(ctx, 'abortive-close', {
        flows: g.flows,
        keyRows: { lastData: lastData < g.rst ? lastData : -1, rst: g.rst, peerFin: f.fin[1 - g.side] ?? -1 },
        extraRows: g.flows.map((i) => ctx.facts(i).rstRows[0] ?? -1),
        numbers: {
          connections: g.flows.length,
          afterLastDataSeconds:
            lastData >= 0 && lastData < g.rst ? secs(ctx.time(g.rst) - ctx.time(lastData)) : null,
          rsts: f.rstRows.length,
        },
        context: {
          resetter: g.side === 0 ? 'client' : 'server',
          client: ctx.endpoint(first, 0),
          server: ctx.endpoint(first, 1),
        },
        variant: g.variant,
      });
    });
  },
};
