// What a rule sees: the packet table, the flows, and shared facts computed once per capture on first
// use (flow facts, close bursts, idle timeouts). A fact whose computation throws is remembered as
// failed; every rule that needs it is then recorded as failed too, and the others still run.
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import { type CloseBursts, findCloseBursts } from './close-bursts';
import { computeFlowFacts, computeTcpFlowFacts, type FlowFacts, type Side } from './flow-facts';
import { type IdleTimeoutEstimate, inferIdleTimeouts } from './infer-idle-timeouts';
import type { Label } from './labels';
import { DEFAULT_RTT_S } from './thresholds';
import type { Need } from './types';

export interface RuleContext {
  readonly table: PacketTable;
  readonly flowSet: FlowSet;
  /** Indexes of the TCP flows. */
  readonly tcp: readonly number[];
  /** Time of the capture's last frame (seconds since the epoch). */
  readonly captureEnd: number;
  facts(i: number): FlowFacts;
  /** The flow's RTT, else the median RTT of other flows to the same server, else DEFAULT_RTT_S. */
  rtt(i: number): number;
  readonly idleTimeouts: readonly IdleTimeoutEstimate[];
  idleTimeoutFor(i: number): IdleTimeoutEstimate | undefined;
  readonly bursts: CloseBursts;
  time(row: number): number;
  endpoint(i: number, side: Side): string;
  /** Labels the rules that already ran gave flow `i` (for rules that need 'other-rules'). */
  labelsOf(i: number): ReadonlySet<Label>;
}

type Lazy<T> = () => T;

/** Computes once; a failure is cached and rethrown with the fact's name. */
function lazy<T>(name: string, compute: () => T): Lazy<T> {
  let state: { ok: true; value: T } | { ok: false; error: Error } | undefined;
  return () => {
    if (!state) {
      try {
        state = { ok: true, value: compute() };
      } catch (e) {
        state = { ok: false, error: e instanceof Error ? e : new Error(String(e)) };
      }
    }
    if (state.ok) return state.value;
    throw new Error(`${name} failed: ${state.error.message}`);
  };
}

export interface EngineContext extends RuleContext {
  /** Computes a declared need now; throws (with the need's name) if it cannot be computed. */
  prepare(need: Need): void;
  /** Records that a rule labelled flow `i`. */
  addLabel(i: number, label: Label): void;
}

export function createContext(table: PacketTable, flowSet: FlowSet): EngineContext {
  const tcp: number[] = [];
  for (const f of flowSet.flows) if (f.transport === 'tcp') tcp.push(f.index);
  // Filled for every TCP flow at once by one pass in row order; other flows (a rule citing a UDP
  // flow) are computed on their own when asked for.
  let factCache: (FlowFacts | undefined)[] = [];
  const facts = (i: number): FlowFacts => {
    let f = factCache[i];
    if (!f) {
      f = computeFlowFacts(table, flowSet, i);
      factCache[i] = f;
    }
    return f;
  };
  const allFacts = lazy('facts', () => {
    const all = computeTcpFlowFacts(table, flowSet);
    // Facts already handed out (ctx.rtt before any rule asked for facts) keep their identity.
    for (let i = 0; i < factCache.length; i++) all[i] = factCache[i] ?? all[i];
    factCache = all;
  });
  const serverRtt = lazy('facts', () => medianRttByServer(flowSet, tcp, facts));
  const labels = new Map<number, Set<Label>>();
  const none: ReadonlySet<Label> = new Set();
  const ctx: EngineContext = {
    table,
    flowSet,
    tcp,
    captureEnd: table.length > 0 ? table.time(table.length - 1) : 0,
    facts: (i) => {
      allFacts();
      return facts(i);
    },
    rtt: (i) => {
      const own = facts(i).rtt;
      if (own !== null && own > 0) return own;
      const f = flowSet.flows[i];
      return (f && serverRtt().get(serverKey(f.serverAddr, f.serverPort))) ?? DEFAULT_RTT_S;
    },
    get idleTimeouts() {
      return idle();
    },
    idleTimeoutFor: (i) => {
      const f = flowSet.flows[i];
      return f
        ? idle().find((e) => e.serverAddr === f.serverAddr && e.serverPort === f.serverPort)
        : undefined;
    },
    get bursts() {
      return bursts();
    },
    time: (row) => table.time(row),
    endpoint: (i, side) => {
      const f = flowSet.flows[i];
      if (!f) return '?';
      return side === 0
        ? table.addresses.endpoint(f.clientAddr, f.clientPort)
        : table.addresses.endpoint(f.serverAddr, f.serverPort);
    },
    labelsOf: (i) => labels.get(i) ?? none,
    addLabel: (i, label) => {
      const set = labels.get(i) ?? new Set<Label>();
      set.add(label);
      labels.set(i, set);
    },
    prepare: (need) => {
      if (need === 'facts') allFacts();
      else if (need === 'close-bursts') bursts();
      else if (need === 'idle-timeouts') idle();
    },
  };
  const bursts = lazy('close-bursts', () => findCloseBursts(ctx));
  const idle = lazy('idle-timeouts', () => inferIdleTimeouts(ctx));
  return ctx;
}

export const serverKey = (addr: number, port: number): number => addr * 65536 + port;

function medianRttByServer(
  flowSet: FlowSet,
  tcp: readonly number[],
  facts: (i: number) => FlowFacts,
): Map<number, number> {
  const by = new Map<number, number[]>();
  for (const i of tcp) {
    const f = flowSet.flows[i];
    const r = facts(i).rtt;
    if (!f || r === null || r <= 0) continue;
    const k = serverKey(f.serverAddr, f.serverPort);
    const list = by.get(k) ?? [];
    list.push(r);
    by.set(k, list);
  }
  const out = new Map<number, number>();
  for (const [k, list] of by) out.set(k, median(list));
  return out;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Smallest and largest value without spreading (captures can have 100 000s of flows). */
export function minOf(values: readonly number[]): number {
  let m = Number.POSITIVE_INFINITY;
  for (const v of values) if (v < m) m = v;
  return m;
}

export function maxOf(values: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  return m;
}
