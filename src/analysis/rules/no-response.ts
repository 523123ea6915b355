// no-response: a request the server received (its close ACKs it) got not one byte back before the
// connection closed. Closed by the server (FIN: the application closed without writing; RST: it
// aborted) or, after waiting, by the client (its read timeout). Requests the server never received
// because it had already sent its FIN belong to stale-keepalive-reuse / keepalive-race instead.
import type { RuleContext } from '../context';
import { type FlowFacts, firstCloseAfter, type Message, relAck } from '../flow-facts';
import { atOnce } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';
import { lastUnanswered, reuseAfterServerClose } from './exchanges';

export interface Unanswered {
  request: Message;
  /** The close that ended the wait: the server's FIN/RST after the request, else the client's. */
  closeRow: number;
  closedBy: 'server' | 'client';
  /** The client half-closed (FIN) right after the request. */
  halfClose: boolean;
  clientFinRow: number;
}

/** The flow's last request, if it was received by the server and never answered before a close. */
export function findUnanswered(ctx: RuleContext, f: FlowFacts): Unanswered | null {
  const request = lastUnanswered(f);
  if (!request) return null;
  const reuse = reuseAfterServerClose(ctx, f);
  if (reuse && reuse.request === request) return null;
  const serverClose = firstCloseAfter(f, 1, request.lastRow);
  const clientClose = f.close[0] > request.lastRow ? f.close[0] : -1;
  const rtt = ctx.rtt(f.index);
  const halfClose = f.fin[0] > request.lastRow && ctx.time(f.fin[0]) - request.end <= atOnce(rtt);
  let u: Unanswered | null = null;
  if (serverClose >= 0 && (clientClose < 0 || serverClose < clientClose || halfClose)) {
    const ack = relAck(ctx.table, f, serverClose, 1);
    if (ack >= 0 && ack < request.seqEnd) return null; // closed before the request arrived
    u = { request, closeRow: serverClose, closedBy: 'server', halfClose, clientFinRow: f.fin[0] };
  } else if (clientClose >= 0) {
    u = { request, closeRow: clientClose, closedBy: 'client', halfClose: false, clientFinRow: f.fin[0] };
  }
  // Outside HTTP a last message without reply is often normal (a "quit" command, a notification);
  // there only an abort makes it a failure: the server's RST, or the client resetting instead of closing.
  if (u && !request.http && !(f.rst[1] > request.firstRow) && !(f.rst[0] >= 0 && f.rst[0] === f.close[0]))
    return null;
  return u;
}

export const noResponse: Rule = {
  id: 'no-response',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      const u = findUnanswered(ctx, f);
      if (!u) continue;
      const rst = f.rstRows.includes(u.closeRow);
      const variant =
        u.closedBy === 'client'
          ? 'client-gave-up'
          : u.halfClose
            ? 'half-close'
            : rst
              ? 'server-rst'
              : 'server-fin';
      out.push(
        makeFinding(ctx, 'no-response', {
          flows: [i],
          keyRows: {
            request: u.request.firstRow,
            requestEnd: u.request.lastRow,
            requestAck: u.request.ackRow,
            clientFin: u.halfClose ? u.clientFinRow : -1,
            close: u.closeRow,
          },
          numbers: {
            waitSeconds: secs(ctx.time(u.closeRow) - u.request.end),
            requestBytes: u.request.bytes,
            responseBytes: 0,
            rttSeconds: secs(ctx.rtt(i)),
          },
          context: { client: ctx.endpoint(i, 0), server: ctx.endpoint(i, 1), ...requestContext(u.request) },
          variant,
        }),
      );
    }
    return out;
  },
};
