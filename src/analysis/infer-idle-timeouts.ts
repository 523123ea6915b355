// Capture-wide inference of each server's keep-alive idle timeout, following idle-timeouts.md §4:
// a close the server initiated with no request outstanding, measured from the last segment carrying
// response payload to the server's FIN (or RST), responses with `Connection: close` ignored; the
// tight cluster of those gaps over the server's flows is its timer. A `Keep-Alive: timeout=N`
// header is reported beside it. Closes that belong to a crash-like burst are not timer samples.
import { advertisedTimeout, crashLikeCloses } from './close-bursts';
import { compareEndpoints } from './collation';
import { median, type RuleContext } from './context';
import { type FlowFacts, relAck } from './flow-facts';
import { matchTimeout, SERVER_IDLE_CLOSE, type TimeoutFact } from './knowledge';
import { httpConnection } from './message-log';
import { idleClusterTolerance, MIN_IDLE_TIMEOUT_S } from './thresholds';

export interface IdleSample {
  flow: number;
  stream: number;
  /** Rows of the last response segment and of the server's close. */
  lastResponseRow: number;
  closeRow: number;
  seconds: number;
}

export interface IdleTimeoutEstimate {
  /** `ip:port` of the server. */
  server: string;
  serverAddr: number;
  serverPort: number;
  /** Median of the tight cluster, null when only a header was seen. */
  seconds: number | null;
  /** Samples in the cluster / all samples of this server. */
  samples: number;
  totalSamples: number;
  min: number | null;
  max: number | null;
  /** Streams and 1-based close frames of the cluster's samples. */
  streams: number[];
  frames: number[];
  /** `Keep-Alive: timeout=N` the server sent, if any. */
  keepAliveHeader: number | null;
  /** The idle-timeouts.md §0 row that matches `seconds` (or the header), if any. */
  match: TimeoutFact | null;
}

export function inferIdleTimeouts(ctx: RuleContext): IdleTimeoutEstimate[] {
  const excluded = crashLikeFlows(ctx);
  const byServer = new Map<
    number,
    { addr: number; port: number; samples: IdleSample[]; header: number | null }
  >();
  for (const i of ctx.tcp) {
    const f = ctx.facts(i);
    const key = f.flow.serverAddr * 65536 + f.flow.serverPort;
    let entry = byServer.get(key);
    const header = advertisedTimeout(f);
    const sample = excluded.has(i) ? null : idleSample(ctx, f);
    if (!entry && (sample || header !== null)) {
      entry = { addr: f.flow.serverAddr, port: f.flow.serverPort, samples: [], header: null };
      byServer.set(key, entry);
    }
    if (!entry) continue;
    if (sample) entry.samples.push(sample);
    if (header !== null) entry.header = header;
  }
  const out: IdleTimeoutEstimate[] = [];
  for (const e of byServer.values()) out.push(estimate(ctx, e.addr, e.port, e.samples, e.header));
  return out.sort((a, b) => b.samples - a.samples || compareEndpoints(a.server, b.server));
}

/** The gap before a server-initiated, idle close of this flow, or null if the flow has none. */
export function idleSample(ctx: RuleContext, f: FlowFacts): IdleSample | null {
  const close = f.close[1];
  if (close < 0 || (f.close[0] >= 0 && f.close[0] < close)) return null;
  const last = lastServerMessageBefore(f, close);
  if (!last || httpConnection(last) === 'close') return null;
  if (hasUnansweredRequest(ctx, f, last.lastRow, close)) return null;
  const seconds = ctx.time(close) - last.end;
  if (seconds < MIN_IDLE_TIMEOUT_S) return null;
  return { flow: f.index, stream: f.flow.stream, lastResponseRow: last.lastRow, closeRow: close, seconds };
}

function lastServerMessageBefore(f: FlowFacts, row: number) {
  for (let k = f.messages.length - 1; k >= 0; k--) {
    const m = f.messages[k];
    if (m && m.dir === 1 && m.lastRow < row) return m;
  }
  return undefined;
}

/** Client data the server had received (its close ACKs it) after its last response: a request it dropped. */
function hasUnansweredRequest(ctx: RuleContext, f: FlowFacts, afterRow: number, closeRow: number): boolean {
  const ack = relAck(ctx.table, f, closeRow, 1);
  return f.messages.some(
    (m) => m.dir === 0 && m.firstRow > afterRow && m.firstRow < closeRow && (ack < 0 || ack >= m.seqEnd),
  );
}

function crashLikeFlows(ctx: RuleContext): Set<number> {
  const rows = crashLikeCloses(ctx.bursts);
  return new Set(ctx.bursts.events.filter((e) => rows.has(e.row)).map((e) => e.flow));
}

/** The largest group of samples within the tolerance of each other (sorted sliding window). */
export function tightCluster(values: readonly number[]): number[] {
  const s = [...values].sort((a, b) => a - b);
  let best: number[] = [];
  let lo = 0;
  for (let hi = 0; hi < s.length; hi++) {
    while ((s[hi] ?? 0) - (s[lo] ?? 0) > idleClusterTolerance(s[lo] ?? 0)) lo++;
    if (hi - lo + 1 > best.length) best = s.slice(lo, hi + 1);
  }
  return best;
}

function estimate(
  ctx: RuleContext,
  addr: number,
  port: number,
  samples: IdleSample[],
  header: number | null,
): IdleTimeoutEstimate {
  const cluster = tightCluster(samples.map((s) => s.seconds));
  const lo = cluster[0];
  const hi = cluster[cluster.length - 1];
  const members =
    lo === undefined || hi === undefined ? [] : samples.filter((s) => s.seconds >= lo && s.seconds <= hi);
  const seconds = cluster.length > 0 ? Math.round(median(cluster) * 1000) / 1000 : null;
  return {
    server: ctx.table.addresses.endpoint(addr, port),
    serverAddr: addr,
    serverPort: port,
    seconds,
    samples: members.length,
    totalSamples: samples.length,
    min: lo === undefined ? null : Math.round(lo * 1000) / 1000,
    max: hi === undefined ? null : Math.round(hi * 1000) / 1000,
    streams: members.map((s) => s.stream),
    frames: members.map((s) => s.closeRow + 1),
    keepAliveHeader: header,
    match: matchTimeout(SERVER_IDLE_CLOSE, seconds ?? header ?? Number.NaN),
  };
}
