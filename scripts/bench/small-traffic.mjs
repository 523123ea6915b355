// Small packets: tens of thousands of concurrent interactive connections (a chatty RPC
// protocol) exchanging 1-6 byte segments and pure ACKs. Every frame is 54-60 bytes, so the file is
// 16 + ~57 bytes per packet on disk and the per-packet costs of a reader dominate.
import { runScheduler } from './scheduler.mjs';
import { F, HEADERS_LEN, OPT_LEN, Opt, writeTcpFrame } from './tcp-frame.mjs';

const CLIENTS = 20000;
const SERVERS = 64;
/** Frames under 60 bytes are padded to 60 by the receiving NIC (IEEE 802.3 minimum, FCS stripped):
 * the capture point sits on the server, so client frames arrive padded and server frames do not. */
const MIN_FRAME = 60;
const P = { Syn: 0, SynAck: 1, Ack: 2, Data: 3, Close: 4 };

export function createSmallTraffic(rng, writer) {
  const nextPort = new Uint16Array(CLIENTS).map(() => rng.range(32768, 60000));
  const stats = { flows: 0, closes: { fin: 0, rst: 0 } };

  function newFlow(t) {
    const c = rng.int(CLIENTS);
    const port = nextPort[c];
    nextPort[c] = port >= 60999 ? 32768 : port + 1;
    const rst = rng.chance(0.1);
    stats.flows++;
    stats.closes[rst ? 'rst' : 'fin']++;
    return {
      cIp: (0x0a020000 + 1 + c) >>> 0,
      sIp: (0xac110000 + 10 + rng.int(SERVERS)) >>> 0,
      cPort: port,
      sPort: 9000,
      cSeq: rng.u32(),
      sSeq: rng.u32(),
      cId: rng.int(65536),
      sId: rng.int(65536),
      // Unacknowledged bytes each side has received from its peer.
      owedC: 0,
      owedS: 0,
      phase: P.Syn,
      left: rng.logRange(6, 600),
      closeSteps: rst
        ? [[rng.int(2), F.RST | F.ACK]]
        : [
            [0, F.FIN | F.ACK],
            [1, F.FIN | F.ACK],
            [0, F.ACK],
          ],
      wakeAt: t,
      burst: false,
      done: false,
    };
  }

  function send(f, t, dir, flags, len) {
    const opt = flags & F.SYN ? Opt.Mss : Opt.None;
    const ipLen = HEADERS_LEN + OPT_LEN[opt] + len;
    const frameLen = dir === 0 ? Math.max(MIN_FRAME, ipLen) : ipLen;
    const at = writer.beginFrame(t, frameLen);
    const pay = at + HEADERS_LEN + OPT_LEN[opt];
    for (let i = 0; i < len; i++) writer.buf[pay + i] = 0x61 + rng.int(26);
    const advance = len + (flags & F.SYN ? 1 : 0) + (flags & F.FIN ? 1 : 0);
    const b = writer.buf;
    if (dir === 0) {
      writeTcpFrame(
        b,
        at,
        frameLen,
        f.cIp,
        f.sIp,
        f.cPort,
        f.sPort,
        f.cSeq,
        flags & F.ACK ? f.sSeq : 0,
        flags,
        501,
        opt,
        0,
        0,
        f.cId++,
        len,
      );
      f.cSeq = (f.cSeq + advance) >>> 0;
      f.owedC = 0;
      f.owedS += len;
    } else {
      writeTcpFrame(
        b,
        at,
        frameLen,
        f.sIp,
        f.cIp,
        f.sPort,
        f.cPort,
        f.sSeq,
        flags & F.ACK ? f.cSeq : 0,
        flags,
        509,
        opt,
        0,
        0,
        f.sId++,
        len,
      );
      f.sSeq = (f.sSeq + advance) >>> 0;
      f.owedS = 0;
      f.owedC += len;
    }
    writer.endFrame();
  }

  /** One exchange step: a side either acknowledges what it received (pure ACK) or sends a few bytes. */
  function sendData(f, t) {
    const dir = rng.int(2);
    const owed = dir === 0 ? f.owedC : f.owedS;
    if (owed > 0 && rng.chance(0.6)) send(f, t, dir, F.ACK, 0);
    else send(f, t, dir, F.ACK | F.PSH, rng.range(1, 6));
    if (--f.left <= 0) f.phase = P.Close;
  }

  function step(f, t) {
    switch (f.phase) {
      case P.Syn:
        send(f, t, 0, F.SYN, 0);
        f.phase = P.SynAck;
        return;
      case P.SynAck:
        send(f, t, 1, F.SYN | F.ACK, 0);
        f.phase = P.Ack;
        return;
      case P.Ack:
        send(f, t, 0, F.ACK, 0);
        f.phase = P.Data;
        return;
      case P.Data:
        sendData(f, t);
        return;
      default: {
        const [dir, flags] = f.closeSteps.shift();
        send(f, t, dir, flags, 0);
        if (f.closeSteps.length === 0) f.done = true;
      }
    }
  }

  return { newFlow, step, stats };
}

/** Writes `targetPackets` small packets. */
export async function generateSmall(rng, writer, targetPackets) {
  const traffic = createSmallTraffic(rng, writer);
  const concurrency = Math.max(1000, Math.min(20000, Math.round(targetPackets / 200)));
  const startUs = 1700000000 * 1e6;
  const endUs = await runScheduler({
    rng,
    writer,
    concurrency,
    newFlow: traffic.newFlow,
    step: traffic.step,
    stop: () => writer.packets >= targetPackets,
    meanGapUs: 5,
    startUs,
  });
  return { ...traffic.stats, concurrency, durationSeconds: (endUs - startUs) / 1e6 };
}
