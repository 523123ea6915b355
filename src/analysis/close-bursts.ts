// Clusters of connection closes made by one host (or one server endpoint) at the same instant.
// A close counts when it is a side's own decision: its first FIN or RST, not a refusal, not a reply
// within the reaction window to the peer's close. A cluster whose members each closed after the same
// idle time is a timer (idle timeouts fire one by one, each after its own connection's last use);
// a cluster whose close times agree far better (≥ 2×) than their idle times is one event (process exit,
// pool shutdown, GC finalizers) — the test that separates scenario k's idle FINs from scenario l's crash.
import { httpRefsOf } from '../flows/connection-summary';
import { maxOf, minOf, type RuleContext } from './context';
import { type FlowFacts, messageAt, type Side } from './flow-facts';
import {
  BURST_LINK_S,
  BURST_SPAN_S,
  CRASH_MIN_FLOWS,
  MIN_IDLE_TIMEOUT_S,
  reactionWindow,
} from './thresholds';

export interface CloseEvent {
  flow: number;
  side: Side;
  row: number;
  t: number;
  rst: boolean;
  /** Address-table index of the closing host. */
  host: number;
  /** Server endpoint key (serverKey) of the flow. */
  server: number;
  /** Seconds since the flow last carried payload (either way) before this close; 0 while data was flowing. */
  idle: number;
}

export interface CloseBurst {
  events: CloseEvent[];
  /** Close times: last − first. */
  spread: number;
  /** Idle times before the closes: max − min. */
  idleSpread: number;
  /** The closes are explained by an idle timer rather than one event. */
  timerLike: boolean;
}

export interface CloseBursts {
  events: CloseEvent[];
  /** Clusters per closing host address (reset-burst). */
  byHost: CloseBurst[];
  /** Clusters of server-side closes per server endpoint (server-crash). */
  byServer: CloseBurst[];
}

const SIDES = [0, 1] as const;

export function findCloseBursts(ctx: RuleContext): CloseBursts {
  const events: CloseEvent[] = [];
  for (const i of ctx.tcp) collectEvents(ctx, ctx.facts(i), events);
  const byHost = cluster(events, (e) => e.host).map((c) => describeBurst(ctx, c));
  const serverSide = events.filter((e) => e.side === 1);
  const byServer = cluster(serverSide, (e) => e.server).map((c) => describeBurst(ctx, c));
  return { events, byHost, byServer };
}

function collectEvents(ctx: RuleContext, f: FlowFacts, out: CloseEvent[]): void {
  if (f.refused || f.messages.length === 0) return;
  const flow = f.flow;
  for (const side of SIDES) {
    const row = f.close[side];
    if (row < 0) continue;
    const peer = f.close[1 - side] ?? -1;
    const t = ctx.time(row);
    const react = reactionWindow(ctx.rtt(f.index));
    if (peer >= 0 && peer < row && t - ctx.time(peer) <= react) continue;
    const idle = idleBefore(ctx, f, row, t);
    // Closing right after an exchange ended is how that connection was meant to end (Connection:
    // close, HTTP/1.0): a busy server doing that for many connections is no burst.
    if (idle > 0 && idle <= react) continue;
    out.push({
      flow: f.index,
      side,
      row,
      t,
      rst: f.rst[side] === row,
      host: side === 0 ? flow.clientAddr : flow.serverAddr,
      server: flow.serverAddr * 65536 + flow.serverPort,
      idle,
    });
  }
}

/** Messages follow one another without overlap, so only the last one begun before `row` can still be
 * running at `row`. */
function idleBefore(ctx: RuleContext, f: FlowFacts, row: number, t: number): number {
  const m = messageAt(f.messages, row - 1);
  if (m && m.lastRow > row) return 0;
  return t - (m ? m.end : ctx.time(f.firstRow));
}

/** Single-linkage clusters in time (gap ≤ BURST_LINK_S, total span ≤ BURST_SPAN_S), ≥ 2 events. */
function cluster(events: CloseEvent[], key: (e: CloseEvent) => number): CloseEvent[][] {
  const groups = new Map<number, CloseEvent[]>();
  for (const e of events) {
    const k = key(e);
    const g = groups.get(k) ?? [];
    g.push(e);
    groups.set(k, g);
  }
  const out: CloseEvent[][] = [];
  for (const g of groups.values()) {
    g.sort((a, b) => a.t - b.t);
    let cur: CloseEvent[] = [];
    for (const e of g) {
      const first = cur[0];
      const prev = cur[cur.length - 1];
      if (first && prev && (e.t - prev.t > BURST_LINK_S || e.t - first.t > BURST_SPAN_S)) {
        if (cur.length >= 2) out.push(cur);
        cur = [];
      }
      cur.push(e);
    }
    if (cur.length >= 2) out.push(cur);
  }
  return out;
}

function describeBurst(ctx: RuleContext, events: CloseEvent[]): CloseBurst {
  const ts = events.map((e) => e.t);
  const idles = events.map((e) => e.idle);
  const spread = maxOf(ts) - minOf(ts);
  const idleSpread = maxOf(idles) - minOf(idles);
  const allIdle = idles.every((v) => v >= MIN_IDLE_TIMEOUT_S);
  // Close instants must agree at least twice as well as idle times before we call it one event.
  return {
    events,
    spread,
    idleSpread,
    timerLike: allIdle && (idleSpread <= 2 * spread || matchesAdvertised(ctx, events)),
  };
}

/** Every member closed at the server's advertised `Keep-Alive: timeout=N` (N to N + 1 s, Node's buffer). */
function matchesAdvertised(ctx: RuleContext, events: CloseEvent[]): boolean {
  return events.every((e) => {
    if (e.side !== 1) return false;
    const n = advertisedTimeout(ctx.facts(e.flow));
    return n !== null && e.idle >= n - 0.5 && e.idle <= n + 1.5;
  });
}

export function advertisedTimeout(f: FlowFacts): number | null {
  // Read from the flows layer's message store when there is one: no HttpMessage object is made.
  const refs = httpRefsOf(f.flow);
  if (refs) {
    for (let k = refs.length - 1; k >= 0; k--) {
      const r = refs.response(k);
      const v = r >= 0 ? refs.store.keepAliveTimeoutOf(r) : -1;
      if (v >= 0) return v;
    }
    return null;
  }
  for (let k = f.flow.http.length - 1; k >= 0; k--) {
    const v = f.flow.http[k]?.response?.keepAliveTimeout;
    if (v !== undefined) return v;
  }
  return null;
}

/** Distinct flows of a burst. */
export function burstFlows(b: CloseBurst): number[] {
  return [...new Set(b.events.map((e) => e.flow))];
}

/** Close rows of server-side bursts that look like a process exit (not a timer, ≥ CRASH_MIN_FLOWS
 * connections): such a FIN is not an idle close, whatever follows it. */
export function crashLikeCloses(b: CloseBursts): Set<number> {
  const out = new Set<number>();
  for (const burst of b.byServer) {
    if (!burst.timerLike && burstFlows(burst).length >= CRASH_MIN_FLOWS)
      for (const e of burst.events) out.add(e.row);
  }
  return out;
}
