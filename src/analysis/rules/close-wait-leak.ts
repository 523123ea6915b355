// close-wait-leak (seeds 002, 004): one side's kernel ACKed the peer's FIN, but its application
// neither used nor closed the socket for far longer than an RTT — or never, in the capture. The
// socket sits in CLOSE_WAIT (RFC 9293 §3.6) until the application calls close(): a leaked
// connection, or a pool that does not notice closed connections. Grouped per leaking side and server.
import { maxOf, minOf, type RuleContext } from '../context';
import type { FlowFacts, Side } from '../flow-facts';
import { RouteMap } from '../route-map';
import { closeWaitMin, reactionWindow } from '../thresholds';
import type { RawFinding, Rule } from '../types';
import { makeFinding, secs } from './evidence';

const SIDES = [0, 1] as const;

interface Leak {
  flow: number;
  side: Side;
  peerFin: number;
  close: number;
  seconds: number;
}

/** New connections (their first packet's time) per client host and server endpoint. */
export function connectionStarts(ctx: RuleContext): RouteMap<number[]> {
  const out = new RouteMap<number[]>();
  for (const i of ctx.tcp) {
    const f = ctx.flowSet.flows[i];
    if (f) out.upsert(f, () => []).push(f.start);
  }
  return out;
}

/**
 * A pool that validates connections at checkout (urllib3, HttpClient 4.4+ after 2 s idle) closes the
 * dead one and opens a new connection at the same moment: that late close is the pool working, not a leak.
 */
function closedAtCheckout(
  ctx: RuleContext,
  f: FlowFacts,
  close: number,
  starts: RouteMap<number[]>,
): boolean {
  const fl = f.flow;
  const t = ctx.time(close);
  const w = reactionWindow(ctx.rtt(f.index));
  const list = starts.get(fl) ?? [];
  return list.some((s) => s !== fl.start && Math.abs(s - t) <= w);
}

/** `starts` gives connectionStarts (made on first use: few flows get that far). */
export function findLeak(ctx: RuleContext, f: FlowFacts, starts?: () => RouteMap<number[]>): Leak | null {
  for (const side of SIDES) {
    const peer = (1 - side) as Side;
    const peerFin = f.fin[peer];
    if (peerFin < 0 || (f.close[side] >= 0 && f.close[side] < peerFin)) continue;
    if (f.finAck[peer] < 0) continue; // its ACK of the FIN is not in the capture: we cannot see its state
    if (f.lastData[side] > peerFin) continue; // it used the connection after the FIN (reuse or half-close reply)
    const close = f.close[side];
    if (side === 0 && close >= 0 && starts && closedAtCheckout(ctx, f, close, starts())) continue;
    const seconds = (close >= 0 ? ctx.time(close) : ctx.captureEnd) - ctx.time(peerFin);
    if (seconds >= closeWaitMin(ctx.rtt(f.index))) return { flow: f.index, side, peerFin, close, seconds };
  }
  return null;
}

export const closeWaitLeak: Rule = {
  id: 'close-wait-leak',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const groups = new Map<string, Leak[]>();
    let made: RouteMap<number[]> | null = null;
    const starts = (): RouteMap<number[]> => {
      made ??= connectionStarts(ctx);
      return made;
    };
    for (const i of ctx.tcp) {
      const leak = findLeak(ctx, ctx.facts(i), starts);
      if (!leak) continue;
      const fl = ctx.flowSet.flows[i];
      const key = `${leak.side}/${fl?.serverAddr}/${fl?.serverPort}`;
      const list = groups.get(key);
      if (list) list.push(leak);
      else groups.set(key, [leak]);
    }
    return [...groups.values()].map((leaks) => groupFinding(ctx, leaks));
  },
};

function groupFinding(ctx: RuleContext, leaks: Leak[]): RawFinding {
  const first = leaks[0] as Leak;
  const f = ctx.facts(first.flow);
  const seconds = leaks.map((l) => l.seconds);
  const stillOpen = leaks.filter((l) => l.close < 0).length;
  return makeFinding(ctx, 'close-wait-leak', {
    flows: leaks.map((l) => l.flow),
    keyRows: { peerFin: first.peerFin, finAck: f.finAck[1 - first.side] ?? -1, close: first.close },
    extraRows: leaks.flatMap((l) => [l.peerFin, l.close]),
    numbers: {
      connections: leaks.length,
      closeWaitSeconds: secs(first.seconds),
      minSeconds: secs(minOf(seconds)),
      maxSeconds: secs(maxOf(seconds)),
      stillOpen,
      resetOnClose: leaks.filter((l) => l.close >= 0 && ctx.facts(l.flow).rst[l.side] === l.close).length,
    },
    context: {
      leakingSide: first.side === 0 ? 'client' : 'server',
      client: ctx.endpoint(first.flow, 0),
      server: ctx.endpoint(first.flow, 1),
    },
    variant: first.side === 0 ? 'client' : 'server',
  });
}
