// One attempt at one example: tcpdump on, the case's programs, tcpdump off, then the case's checks
// over what tshark reads from the file(s). A run that does not show its case throws NotReproduced.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CaptureView } from './capture-view.mjs';
import { RunContext } from './run-context.mjs';
import { startTcpdump } from './tcpdump.mjs';
import { pcapLinkType, tsharkFrames } from './tshark-frames.mjs';

/** The capture files of a case: always `-i lo` (Ethernet); with `anyFile`, also `-i any` (SLL2). */
function captureFiles(c, dir) {
  const files = [{ file: c.file, iface: 'lo', path: path.join(dir, c.file) }];
  if (c.anyFile)
    files.push({ file: c.anyFile, iface: 'any', linkType: 'LINUX_SLL2', path: path.join(dir, c.anyFile) });
  return files;
}

export async function runCase(c, workDir, attempt) {
  const dir = path.join(workDir, `${c.id}-${attempt}`);
  mkdirSync(dir, { recursive: true });
  const files = captureFiles(c, dir);
  const ctx = new RunContext(dir);
  const dumps = [];
  let failure = null;
  try {
    const filter = c.ports.map((p) => `tcp port ${p}`).join(' or ');
    for (const f of files) {
      const d = await startTcpdump({ file: f.path, filter, iface: f.iface, linkType: f.linkType });
      dumps.push(d);
      f.command = d.command;
    }
    await c.run(ctx);
  } catch (e) {
    e.message += `\n${ctx.output()}`;
    failure = e;
  }
  // tcpdump first, so that stopping the servers adds no packets to the capture; then the programs,
  // whatever happened to tcpdump.
  const stopped = await Promise.allSettled(dumps.map((d) => d.stop()));
  await ctx.stopAll();
  if (failure) throw failure;
  for (const [i, r] of stopped.entries()) {
    if (r.status === 'rejected') throw r.reason;
    Object.assign(files[i], r.value);
  }
  const checked = files.map((f) => checkFile(c, f, ctx));
  checkComplete(checked);
  return checked;
}

/**
 * No packet lost: the -i lo capture must report no kernel drops, and the -i any copy must hold exactly
 * the frames of the -i lo capture (on a busy machine tcpdump -i any did lose a packet now and then,
 * with a drop count that also covers other interfaces; the run is then retried).
 */
function checkComplete([lo, ...others]) {
  if (lo.dropped > 0) throw new Error(`tcpdump -i lo dropped ${lo.dropped} packets`);
  for (const r of others) {
    if (r.frames !== lo.frames) throw new Error(`${r.file} has ${r.frames} frames, ${lo.file} ${lo.frames}`);
  }
}

function checkFile(c, f, ctx) {
  const frames = tsharkFrames(f.path, c.ports);
  const view = new CaptureView(frames);
  const checked = c.verify(view);
  return {
    ...f,
    ...checked,
    frames: frames.length,
    bytes: statSync(f.path).size,
    sha256: createHash('sha256').update(readFileSync(f.path)).digest('hex'),
    ...pcapLinkType(f.path),
    saw: ctx.saw(),
  };
}
