// Request/response structure of a flow, read from the direction of payload: a client message and the
// server messages that follow it. Works without HTTP parsing (TLS, other protocols); the HTTP facts
// only add names. Also the shared detection of "a request after the server's FIN" behind
// stale-keepalive-reuse and keepalive-race.
import { crashLikeCloses } from '../close-bursts';
import type { RuleContext } from '../context';
import { type FlowFacts, type Message, relAck } from '../flow-facts';

export interface Exchange {
  request: Message | null;
  responses: Message[];
}

export function exchanges(f: FlowFacts): Exchange[] {
  const out: Exchange[] = [];
  for (const m of f.messages) {
    const cur = out[out.length - 1];
    if (m.dir === 0) out.push({ request: m, responses: [] });
    else if (cur) cur.responses.push(m);
    else out.push({ request: null, responses: [m] });
  }
  return out;
}

/** The last client message when nothing came back after it. */
export function lastUnanswered(f: FlowFacts): Message | undefined {
  const last = f.messages[f.messages.length - 1];
  return last?.dir === 0 ? last : undefined;
}

/** The last server message that ended before `row`. */
export function lastServerMessageBefore(f: FlowFacts, row: number): Message | undefined {
  for (let k = f.messages.length - 1; k >= 0; k--) {
    const m = f.messages[k];
    if (m && m.dir === 1 && m.lastRow < row) return m;
  }
  return undefined;
}

export interface Reuse {
  finRow: number;
  lastResponse: Message | undefined;
  request: Message;
  /** Request time − FIN time as captured (negative when they crossed before the FIN was captured). */
  delta: number;
  /** The server's RST after the request, -1 if none. */
  rstRow: number;
  idleBeforeFin: number;
}

/**
 * A request the server had not received when it sent its FIN: sent after the FIN, or crossing it
 * (captured before the FIN, but the FIN's ACK does not cover it). The server cannot answer it:
 * its side is closed (RFC 9293 §3.6), so the client gets EOF and, for data on a closed socket, RST.
 */
export function reuseAfterServerClose(ctx: RuleContext, f: FlowFacts): Reuse | null {
  const fin = f.fin[1];
  if (fin < 0 || f.close[1] !== fin) return null;
  if (f.close[0] >= 0 && f.close[0] < fin) return null;
  const lastResponse = lastServerMessageBefore(f, fin);
  const finAck = relAck(ctx.table, f, fin, 1);
  const after = lastResponse?.lastRow ?? -1;
  for (const m of f.messages) {
    if (m.dir !== 0 || m.firstRow <= after) continue;
    const crossed = m.firstRow < fin && finAck >= 0 && finAck < m.seqEnd;
    if (m.firstRow < fin && !crossed) return null; // the server had it: a dropped request, not a reuse
    const rstRow = f.rst[1] > m.firstRow ? f.rst[1] : -1;
    const since = lastResponse
      ? lastResponse.end
      : ctx.time(f.handshakeAckRow >= 0 ? f.handshakeAckRow : f.firstRow);
    return {
      finRow: fin,
      lastResponse,
      request: m,
      delta: m.start - ctx.time(fin),
      rstRow,
      idleBeforeFin: ctx.time(fin) - since,
    };
  }
  return null;
}

export interface IdleCloseReuse {
  flow: number;
  facts: FlowFacts;
  reuse: Reuse;
  rtt: number;
}

/** Both rules that split the list read it: it is made once per context. */
const reusesOf = new WeakMap<RuleContext, readonly IdleCloseReuse[]>();

/**
 * Every connection on which a request followed the server's close, leaving out closes that belong to
 * a crash-like burst (a FIN from a process exit is no idle close: server-crash tells that story).
 * keepalive-race and stale-keepalive-reuse split this one list at raceWindow(rtt).
 */
export function idleCloseReuses(ctx: RuleContext): readonly IdleCloseReuse[] {
  const known = reusesOf.get(ctx);
  if (known) return known;
  const crashed = crashLikeCloses(ctx.bursts);
  const out: IdleCloseReuse[] = [];
  for (const flow of ctx.tcp) {
    const facts = ctx.facts(flow);
    const reuse = reuseAfterServerClose(ctx, facts);
    if (reuse && !crashed.has(reuse.finRow)) out.push({ flow, facts, reuse, rtt: ctx.rtt(flow) });
  }
  reusesOf.set(ctx, out);
  return out;
}
