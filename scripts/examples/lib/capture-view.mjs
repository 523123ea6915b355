// A case's view of its capture: frames grouped by TCP stream, each stream's client (the side that
// sent the SYN) and server, and the helpers the checks use to find and describe key frames.
import { flagNames, TCP } from './tshark-frames.mjs';

/** Thrown by a check when the run did not show its case (a lost timing race, say): the run is retried. */
export class NotReproduced extends Error {}

export function expect(cond, message) {
  if (!cond) throw new NotReproduced(message);
}

export class CaptureView {
  /** @param {import('./tshark-frames.mjs').Frame[]} frames */
  constructor(frames) {
    this.frames = frames;
    /** @type {Map<number, { id: number, client: string, server: string, frames: typeof frames }>} */
    this.streams = new Map();
    for (const f of frames) {
      if (f.stream < 0) continue;
      let s = this.streams.get(f.stream);
      if (!s) {
        // Every example connection is captured from its SYN, and the side that sends the SYN opens
        // the connection (RFC 9293 section 3.5): its first frame's source is the client.
        s = { id: f.stream, client: f.src, server: f.dst, opensWithSyn: isSyn(f), frames: [] };
        this.streams.set(f.stream, s);
      }
      s.frames.push(f);
    }
  }

  stream(id) {
    const s = this.streams.get(id);
    expect(s !== undefined, `no TCP stream ${id} in the capture`);
    return s;
  }

  /** Streams whose server endpoint ends with `:port`, in order of their first frame. */
  streamsTo(port) {
    return [...this.streams.values()].filter((s) => s.server.endsWith(`:${port}`));
  }

  from(f) {
    return this.streams.get(f.stream)?.client === f.src ? 'client' : 'server';
  }

  /** A key frame as index.json lists it. */
  key(name, f, note) {
    const k = {
      name,
      frame: f.frame,
      stream: f.stream,
      t: Math.round(f.t * 1e6) / 1e6,
      from: this.from(f),
      src: f.src,
      dst: f.dst,
      flags: flagNames(f.flags),
      tcpLen: f.len,
    };
    if (f.http) k.http = f.http;
    if (note) k.note = note;
    return k;
  }
}

export const has = (f, flag) => (f.flags & TCP[flag]) !== 0;
export const isSyn = (f) => has(f, 'SYN') && !has(f, 'ACK');

/** The first frame of `frames` after frame `after` (a frame number, 0 = from the start) matching `pred`. */
export function first(frames, pred, after = 0) {
  return frames.find((f) => f.frame > after && pred(f));
}

export function last(frames, pred) {
  return frames.findLast(pred);
}

export const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
