// Mixed HTTP/1.1 keep-alive traffic: thousands of concurrent connections between a few thousand
// clients and 32 servers, each with a handshake, one or more request/response exchanges of varied
// sizes, delayed ACKs every second segment (RFC 9293 §3.8.6.3), occasional RTO retransmissions and
// idle keep-alive pauses, and a close by FIN from either side, by RST, or refused outright.
import { makeFiller, makeRequest, makeResponse, takeBytes } from './http-messages.mjs';
import { runScheduler } from './scheduler.mjs';
import { F, HEADERS_LEN, OPT_LEN, Opt, writeTcpFrame } from './tcp-frame.mjs';

const P = { Syn: 0, SynAck: 1, Ack: 2, Req: 3, Resp: 4, AfterResp: 5, Close: 6 };
const CLIENTS = 3000;
const SERVERS = 32;
const RETX_P = 0.003;

/** How a connection ends, with its share of connections. */
const CLOSES = [
  ['refused', 0.01],
  ['client-fin', 0.55],
  ['server-fin', 0.28],
  ['client-rst', 0.08],
  ['server-rst', 0.04],
  ['client-abort', 0.04],
];
const CLOSE_STEPS = {
  'client-fin': [
    [0, F.FIN | F.ACK],
    [1, F.FIN | F.ACK],
    [0, F.ACK],
  ],
  'server-fin': [
    [1, F.FIN | F.ACK],
    [0, F.FIN | F.ACK],
    [1, F.ACK],
  ],
  'client-rst': [[0, F.RST | F.ACK]],
  'server-rst': [[1, F.RST]],
  'client-abort': [[0, F.RST | F.ACK]],
};

function pickClose(rng) {
  let u = rng.next();
  for (const [kind, p] of CLOSES) {
    u -= p;
    if (u < 0) return kind;
  }
  return 'client-fin';
}

export function createHttpTraffic(rng, writer) {
  const filler = makeFiller(rng);
  const nextPort = new Uint16Array(CLIENTS).map(() => rng.range(32768, 50000));
  const stats = { flows: 0, requests: 0, retransmissions: 0, closes: {} };

  function newFlow(t) {
    const c = rng.int(CLIENTS);
    const s = rng.int(SERVERS);
    const port = nextPort[c];
    nextPort[c] = port >= 60999 ? 32768 : port + 1;
    const ts = rng.chance(0.4);
    const close = pickClose(rng);
    stats.flows++;
    stats.closes[close] = (stats.closes[close] ?? 0) + 1;
    return {
      cIp: (0x0a010000 + 1 + c) >>> 0,
      sIp: (0xac100000 + 10 + s) >>> 0,
      cPort: port,
      sPort: s % 4 === 0 ? 8080 : 80,
      host: `svc-${s}.example.internal`,
      cSeq: rng.u32(),
      sSeq: rng.u32(),
      cId: rng.int(65536),
      sId: rng.int(65536),
      // Linux peers send timestamps on every segment (RFC 7323); Windows clients do not by default.
      ts,
      tsC: rng.u32(),
      tsS: rng.u32(),
      mss: ts ? 1448 : 1460,
      cWin: ts ? 502 : 1026,
      sWin: 509,
      phase: P.Syn,
      reqLeft: rng.logRange(1, 20),
      close,
      closeSteps: null,
      msg: null,
      dataDir: 0,
      unacked: 0,
      ackDue: false,
      retx: null,
      wakeAt: t,
      burst: false,
      done: false,
    };
  }

  /** Emits one segment of `f` from side `dir` (0 client, 1 server) carrying `len` bytes of `f.msg`. */
  function send(f, t, dir, flags, len) {
    const syn = (flags & F.SYN) !== 0;
    const opt = syn ? (f.ts ? Opt.SynTs : Opt.Syn) : f.ts ? Opt.Ts : Opt.None;
    const frameLen = HEADERS_LEN + OPT_LEN[opt] + len;
    const at = writer.beginFrame(t, frameLen);
    if (len > 0) takeBytes(f.msg, filler, writer.buf, at + HEADERS_LEN + OPT_LEN[opt], len);
    const ms = Math.floor(t / 1000);
    const tsC = (f.tsC + ms) >>> 0;
    const tsS = (f.tsS + ms) >>> 0;
    const ackField = flags & F.ACK ? (dir === 0 ? f.sSeq : f.cSeq) : 0;
    const advance = len + (syn ? 1 : 0) + (flags & F.FIN ? 1 : 0);
    if (dir === 0) {
      const win = syn ? 64240 : f.cWin;
      writeTcpFrame(
        writer.buf,
        at,
        frameLen,
        f.cIp,
        f.sIp,
        f.cPort,
        f.sPort,
        f.cSeq,
        ackField,
        flags,
        win,
        opt,
        tsC,
        tsS,
        f.cId++,
        len,
      );
      f.cSeq = (f.cSeq + advance) >>> 0;
    } else {
      const win = syn ? 65160 : f.sWin;
      writeTcpFrame(
        writer.buf,
        at,
        frameLen,
        f.sIp,
        f.cIp,
        f.sPort,
        f.cPort,
        f.sSeq,
        ackField,
        flags,
        win,
        opt,
        tsS,
        tsC,
        f.sId++,
        len,
      );
      f.sSeq = (f.sSeq + advance) >>> 0;
    }
    writer.endFrame();
    return at;
  }

  /** Keeps a copy of the frame just written, to be sent again after an RTO (RFC 6298 §5). */
  function scheduleRetransmission(f, t, at, minUs) {
    f.retx = new Uint8Array(writer.buf.subarray(at, at + writer.frameLen));
    f.wakeAt = t + minUs + rng.int(minUs);
  }

  function sendData(f, t) {
    const msg = f.msg;
    const len = Math.min(f.mss, msg.len - msg.sent);
    const last = msg.sent + len === msg.len;
    const at = send(f, t, f.dataDir, F.ACK | (last ? F.PSH : 0), len);
    if (++f.unacked >= 2) f.ackDue = true;
    if (len === f.mss && rng.chance(RETX_P)) scheduleRetransmission(f, t, at, 200000);
    if (
      f.close === 'client-abort' &&
      f.phase === P.Resp &&
      f.reqLeft === 1 &&
      msg.sent * 2 > msg.len &&
      !last
    ) {
      // The client gives up with response data still arriving: its kernel answers with RST.
      f.ackDue = false;
      f.retx = null;
      f.phase = P.Close;
      f.closeSteps = CLOSE_STEPS['client-abort'].slice();
      return;
    }
    if (!last) return;
    if (f.phase === P.Req) {
      f.phase = P.Resp;
      f.dataDir = 1;
      f.unacked = 0;
      f.ackDue = false;
      f.msg = makeResponse(rng, f.close === 'server-fin' && f.reqLeft === 1);
    } else {
      f.ackDue = true;
      f.reqLeft--;
      f.phase = P.AfterResp;
    }
  }

  /** After the client acknowledged a whole response: the next request (maybe after an idle pause) or the close. */
  function nextExchange(f, t) {
    if (f.reqLeft > 0) {
      f.phase = P.Req;
      f.dataDir = 0;
      f.unacked = 0;
      f.msg = makeRequest(rng, f.host);
      stats.requests++;
      if (rng.chance(0.05)) f.wakeAt = t + rng.logRange(100000, 3000000);
    } else {
      f.phase = P.Close;
      f.closeSteps = CLOSE_STEPS[f.close].slice();
      if (rng.chance(0.2)) f.wakeAt = t + rng.logRange(100000, 2000000);
    }
  }

  function step(f, t) {
    f.burst = false;
    if (f.retx) {
      writer.writeFrame(t, f.retx);
      f.retx = null;
      stats.retransmissions++;
      return;
    }
    if (f.ackDue) {
      send(f, t, 1 - f.dataDir, F.ACK, 0);
      f.ackDue = false;
      f.unacked = 0;
      if (f.phase === P.AfterResp) nextExchange(f, t);
      return;
    }
    switch (f.phase) {
      case P.Syn: {
        const at = send(f, t, 0, F.SYN, 0);
        f.phase = P.SynAck;
        // A lost SYN is sent again after the initial RTO of 1 s (RFC 6298 §2.1).
        if (rng.chance(0.005)) scheduleRetransmission(f, t, at, 1000000);
        return;
      }
      case P.SynAck:
        if (f.close === 'refused') {
          // RFC 9293 §3.10.7.1: a SYN to a closed port is answered by RST,ACK with seq 0.
          f.sSeq = 0;
          send(f, t, 1, F.RST | F.ACK, 0);
          f.done = true;
          return;
        }
        send(f, t, 1, F.SYN | F.ACK, 0);
        f.phase = P.Ack;
        return;
      case P.Ack:
        send(f, t, 0, F.ACK, 0);
        f.phase = P.Req;
        f.msg = makeRequest(rng, f.host);
        stats.requests++;
        return;
      case P.Req:
      case P.Resp:
        sendData(f, t);
        f.burst = f.phase === P.Resp;
        return;
      case P.Close: {
        const [dir, flags] = f.closeSteps.shift();
        send(f, t, dir, flags, 0);
        if (f.closeSteps.length === 0) f.done = true;
        return;
      }
      default:
        nextExchange(f, t);
    }
  }

  return { newFlow, step, stats };
}

/**
 * Writes mixed HTTP traffic until the file holds `targetBytes`, or exactly `stopAtPackets` packets when
 * given (the traffic depends only on the seed and `targetBytes`, so both stops give the same packets).
 */
export async function generateHttp(rng, writer, targetBytes, stopAtPackets) {
  const traffic = createHttpTraffic(rng, writer);
  // About 1 300 packets per MB: keep each slot busy for a few hundred packets.
  const concurrency = Math.max(1000, Math.min(4000, Math.round(targetBytes / 250000)));
  const stop =
    stopAtPackets === undefined
      ? () => writer.bytesWritten + writer.pos >= targetBytes
      : () => writer.packets >= stopAtPackets;
  const endUs = await runScheduler({
    rng,
    writer,
    concurrency,
    newFlow: traffic.newFlow,
    step: traffic.step,
    stop,
    meanGapUs: 50,
    startUs: 1700000000 * 1e6,
  });
  return { ...traffic.stats, concurrency, durationSeconds: (endUs - 1700000000 * 1e6) / 1e6 };
}
