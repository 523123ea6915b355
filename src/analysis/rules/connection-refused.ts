// connection-refused: a SYN answered by RST without a SYN-ACK (RFC 9293 §3.10.7.1: a segment for a
// port with no listener is answered with RST): nothing listening, a full backlog on some stacks, or a
// firewall reject rule. Grouped per client host and server host, so a port scan is one finding.
import type { RuleContext } from '../context';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

export const connectionRefused: Rule = {
  id: 'connection-refused',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const groups = new Map<string, number[]>();
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      if (!f.refused) continue;
      const key = `${f.flow.clientAddr}/${f.flow.serverAddr}`;
      const list = groups.get(key);
      if (list) list.push(i);
      else groups.set(key, [i]);
    }
    const out: RawFinding[] = [];
    for (const flows of groups.values()) {
      const first = ctx.facts(flows[0] ?? 0);
      const synRow = first.synRow >= 0 ? first.synRow : first.firstRow;
      const ports = new Set(flows.map((i) => ctx.flowSet.flows[i]?.serverPort));
      const synRetries = flows.reduce((n, i) => n + ctx.facts(i).chains.filter((c) => c.syn).length, 0);
      out.push(
        makeFinding(ctx, 'connection-refused', {
          flows,
          keyRows: { syn: synRow, rst: first.refusalRow },
          numbers: {
            attempts: flows.length,
            ports: ports.size,
            synToRstSeconds:
              first.refusalRow >= 0 ? secs(ctx.time(first.refusalRow) - ctx.time(synRow)) : null,
            synRetransmissions: synRetries,
          },
          context: { client: ctx.endpoint(flows[0] ?? 0, 0), server: ctx.endpoint(flows[0] ?? 0, 1) },
          variant: ports.size > 1 ? 'many-ports' : flows.length > 1 ? 'repeated' : 'single',
        }),
      );
    }
    return out;
  },
};
