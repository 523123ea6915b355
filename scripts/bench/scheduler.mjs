// Interleaves many concurrent connections into one capture: a fixed number of slots, each holding a
// live connection; every step picks a slot at random (or stays on the last one for a short burst, as
// a sender emits a flight of segments back to back) and emits that connection's next packet. A
// finished connection is replaced by a new one, so the number of open connections stays constant.

/**
 * @param {object} o
 * @param {ReturnType<import('./prng.mjs').createRng>} o.rng
 * @param {import('./capture-writer.mjs').CaptureWriter} o.writer
 * @param {number} o.concurrency
 * @param {(t: number) => object} o.newFlow  returns a flow with `wakeAt`, `done`, `burst` fields
 * @param {(flow: object, t: number) => void} o.step  emits exactly one packet of `flow`
 * @param {() => boolean} o.stop  true when the capture is big enough
 * @param {number} o.meanGapUs  mean time between packets, microseconds
 * @param {number} o.startUs  capture start time, microseconds since the epoch
 */
export async function runScheduler(o) {
  const { rng, writer, concurrency, newFlow, step, stop, meanGapUs } = o;
  let t = o.startUs;
  const slots = [];
  for (let i = 0; i < concurrency; i++) slots.push(newFlow(t));
  let last = -1;
  while (!stop()) {
    while (!writer.full && !stop()) {
      t += 1 + Math.floor(-Math.log(1 - rng.next()) * meanGapUs);
      let i = last >= 0 && slots[last].burst && rng.next() < 0.5 ? last : rng.int(concurrency);
      for (let tries = 0; slots[i].wakeAt > t && tries < 16; tries++) i = rng.int(concurrency);
      const flow = slots[i];
      if (flow.wakeAt > t) t = flow.wakeAt;
      step(flow, t);
      last = i;
      if (flow.done) {
        slots[i] = newFlow(t);
        last = -1;
      }
    }
    await writer.flush();
  }
  return t;
}
