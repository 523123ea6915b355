// client-abort-unread-response (seed 004): the client reset the connection while the server was
// still sending the response. On Linux, close() on a socket with unread received data sends RST
// instead of FIN (RFC 2525 §2.17), so a client that stops reading and closes aborts the transfer;
// the server's next write fails with "Connection reset by peer" / "Broken pipe".
// "Still sending": the HTTP response had not completed, or — without HTTP parsing — the server sent
// data after the RST, had unacknowledged data in flight, or was held back by the client's window.
import type { RuleContext } from '../context';
import { type FlowFacts, type Message, relAck } from '../flow-facts';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';

interface Abort {
  rst: number;
  request: Message | undefined;
  response: Message;
}

function findAbort(ctx: RuleContext, f: FlowFacts): Abort | null {
  const rst = f.close[0];
  if (rst < 0 || f.rst[0] !== rst) return null;
  if (f.close[1] >= 0 && f.close[1] < rst) return null;
  let request: Message | undefined;
  let response: Message | undefined;
  for (const m of f.messages) {
    if (m.firstRow > rst) break;
    if (m.dir === 0) {
      request = m;
      response = undefined;
    } else response = m;
  }
  if (!response || !stillSending(ctx, f, response, rst)) return null;
  return { rst, request, response };
}

function stillSending(ctx: RuleContext, f: FlowFacts, response: Message, rst: number): boolean {
  const http = response.http;
  if (http) return http.endRow < 0 || http.endRow > rst;
  if (response.lastRow > rst) return true;
  const ack = relAck(ctx.table, f, rst, 0);
  if (ack >= 0 && ack < response.seqEnd) return true;
  return f.zeroWindows.some((z) => z.receiver === 0 && z.startRow >= response.firstRow && z.startRow < rst);
}

export const clientAbortUnreadResponse: Rule = {
  id: 'client-abort-unread-response',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      const a = findAbort(ctx, f);
      if (!a) continue;
      const firstSegment = ctx.table.payloadLength[a.response.firstRow] ?? 0;
      const received = bytesBefore(ctx, f, a.response, a.rst);
      const http = a.response.http;
      out.push(
        makeFinding(ctx, 'client-abort-unread-response', {
          flows: [i],
          keyRows: {
            request: a.request?.firstRow ?? -1,
            responseStart: a.response.firstRow,
            lastDataBeforeRst: lastServerDataBefore(ctx, f, a.rst),
            rst: a.rst,
          },
          extraRows: responseRows(ctx, f, a.response, a.rst),
          numbers: {
            responseBytesReceived: received,
            unreadBytes: Math.max(0, received - firstSegment),
            contentLength: http?.contentLength ?? null,
            heldSeconds: secs(ctx.time(a.rst) - a.response.start),
            serverBytesAfterRst: Math.max(0, a.response.bytes - received),
          },
          context: { client: ctx.endpoint(i, 0), server: ctx.endpoint(i, 1), ...requestContext(a.request) },
        }),
      );
    }
    return out;
  },
};

/** Response payload bytes on the wire before the RST (new data only). */
function bytesBefore(ctx: RuleContext, f: FlowFacts, m: Message, rst: number): number {
  if (m.lastRow < rst) return m.bytes;
  let n = 0;
  for (const row of f.flow.rows) {
    if (row < m.firstRow) continue;
    if (row > rst) break;
    if (ctx.flowSet.columns.dir[row] === 1) n += ctx.table.payloadLength[row] ?? 0;
  }
  return n;
}

/** The response's payload segments up to the RST (evidence of the transfer in progress), capped. */
function responseRows(ctx: RuleContext, f: FlowFacts, m: Message, rst: number): number[] {
  const out: number[] = [];
  for (const row of f.flow.rows) {
    if (row < m.firstRow) continue;
    if (row > rst || out.length >= 40) break;
    if (ctx.flowSet.columns.dir[row] === 1 && (ctx.table.payloadLength[row] ?? 0) > 0) out.push(row);
  }
  return out;
}

function lastServerDataBefore(ctx: RuleContext, f: FlowFacts, rst: number): number {
  let last = -1;
  for (const row of f.flow.rows) {
    if (row > rst) break;
    if (ctx.flowSet.columns.dir[row] === 1 && (ctx.table.payloadLength[row] ?? 0) > 0) last = row;
  }
  return last;
}
