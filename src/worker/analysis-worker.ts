// The worker entry: a thin Comlink shell over openCapture. The page posts the File itself (a Blob
// crosses by reference, nothing is copied), the worker reads it in slices, analyses it, and the
// packet table, the per-packet flow columns and the flows' rows come back transferred. The worker
// then stays with its capture: it keeps the File (to re-read frame bytes for the packet details)
// and the diagnosis (to render finding texts in the language the page asks for). Cancelling, or
// opening another capture, is the page terminating this worker.
import * as Comlink from 'comlink';
import type { Diagnosis } from '../analysis/diagnose';
import { BlobSource } from '../capture/blob-source';
import type { FlowSet } from '../flows/model';
import type { AnalysisApi, AnalysisResult, LoadProgress } from './analysis-api';
import { findingTexts } from './finding-texts';
import { createFrameReader, detectFormat, type FrameReader } from './frame-reader';
import { type OpenedCapture, openCapture } from './open-capture';
import { packResult } from './pack-result';

interface Session {
  diagnosis: Diagnosis | null;
  flows: FlowSet | null;
  frames: FrameReader | null;
}

let session: Session | null = null;

function current(): Session {
  if (!session) throw new Error('no capture is open in this worker');
  return session;
}

/** A reader of frame bytes, also for a capture whose read stopped at a fault (format sniffed again). */
async function frameReader(file: File, r: OpenedCapture): Promise<FrameReader | null> {
  if (r.format) return createFrameReader(file, r.format, r.compressed);
  if (!r.table) return null;
  const f = await detectFormat(file).catch(() => null);
  return f ? createFrameReader(file, f.format, f.compressed) : null;
}

const api: AnalysisApi = {
  async open(file: File, onProgress: (p: LoadProgress) => void): Promise<AnalysisResult> {
    // Progress calls go back to the page as messages; an unanswered call must not hold up the read.
    const r = await openCapture(new BlobSource(file), { onProgress: (p) => void onProgress(p) });
    session = { diagnosis: r.diagnosis, flows: r.flowSet, frames: await frameReader(file, r) };
    const { value, transfer } = packResult(r);
    return Comlink.transfer(value, transfer);
  },

  async findingTexts(indexes, lang) {
    const s = current();
    if (!s.diagnosis || !s.flows) return [];
    return findingTexts(s.diagnosis, s.flows, indexes, lang);
  },

  async readFrames(requests) {
    const s = current();
    if (!s.frames) return requests.map(() => new Uint8Array(0));
    const bytes = await s.frames.read(requests);
    return Comlink.transfer(
      bytes,
      bytes.map((b) => b.buffer as ArrayBuffer),
    );
  },
};

Comlink.expose(api);
