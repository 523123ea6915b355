// The worker entry: a thin Comlink shell over openCapture. The page posts the File itself (a Blob
// crosses by reference, nothing is copied), the worker reads it in slices, analyses it, and the
// result comes back in two parts, every buffer transferred (pack-result.ts). The worker
// then stays with its capture: it keeps the File (to re-read frame bytes for the packet details)
// and the diagnosis (to render finding texts in the language the page asks for). Cancelling, or
// opening another capture, is the page terminating this worker (which also stops a download).
// openUrl is the same for a capture named by `?url=` (url-source.ts): fetched and read as it arrives,
// the bytes received kept as a Blob that then stands in for the File.
import * as Comlink from 'comlink';
import type { Diagnosis } from '../analysis/diagnose';
import { BlobSource } from '../capture/blob-source';
import { exportFrames } from '../capture/export-frames';
import type { PacketTable } from '../capture/packet-table';
import type { FlowSet } from '../flows/model';
import type { AnalysisApi, AnalysisResult } from './analysis-api';
import { findingTexts } from './finding-texts';
import { tableForExport } from './frame-export';
import { createFrameReader, detectFormat, type FrameReader } from './frame-reader';
import { type OpenedCapture, openCapture } from './open-capture';
import { packDetails, packResult } from './pack-result';
import { ReadAheadSource } from './read-ahead-source';
import { isUrlFailure, ResponseSource, resolveCaptureUrl, startDownload } from './url-source';

interface Session {
  diagnosis: Diagnosis | null;
  flows: FlowSet | null;
  /** The packet table, until details() sent it (with the per-packet columns) to the page. */
  table: PacketTable | null;
  detailsSent: boolean;
  frames: FrameReader | null;
  /** The capture's bytes (the File, or what a URL download received), to cut exports from. */
  source: Blob;
}

let session: Session | null = null;

function current(): Session {
  if (!session) throw new Error('no capture is open in this worker');
  return session;
}

/** A reader of frame bytes, also for a capture whose read stopped at a fault (format sniffed again). */
async function frameReader(file: Blob, r: OpenedCapture): Promise<FrameReader | null> {
  if (r.format) return createFrameReader(file, r.format, r.compressed);
  if (!r.table) return null;
  const f = await detectFormat(file).catch(() => null);
  return f ? createFrameReader(file, f.format, f.compressed) : null;
}

function sessionOf(r: OpenedCapture, frames: FrameReader | null, source: Blob): Session {
  return { diagnosis: r.diagnosis, flows: r.flowSet, table: r.table, detailsSent: false, frames, source };
}

function transferred<T>(p: { value: T; transfer: ArrayBuffer[] }): T {
  return Comlink.transfer(p.value, p.transfer);
}

const api: AnalysisApi = {
  async open(file, onProgress, onEarlyList, options = {}): Promise<AnalysisResult> {
    // Progress calls go back to the page as messages; an unanswered call must not hold up the read.
    const r = await openCapture(new ReadAheadSource(file), {
      onProgress: (p) => void onProgress(p),
      // A File can be read twice (a URL is never fetched twice: openUrl reads once).
      onEarlyList: onEarlyList && ((early) => void onEarlyList(transferred(packResult(early)))),
      earlyListMinBytes: options.earlyListMinBytes,
    });
    session = sessionOf(r, await frameReader(file, r), file);
    const { value, transfer } = packResult(r);
    return Comlink.transfer(value, transfer);
  },

  // A capture named by `?url=`: read as it downloads; what arrived is kept as a Blob for the frames.
  async openUrl(url, pageProtocol, onProgress) {
    const target = resolveCaptureUrl(url, url);
    if (isUrlFailure(target)) return { result: null, failure: target };
    const response = await startDownload(target, pageProtocol);
    if (isUrlFailure(response)) return { result: null, failure: response };
    const source = new ResponseSource(response, target);
    const r = await openCapture(source, { onProgress: (p) => void onProgress(p) });
    const blob = source.blob();
    r.fileSize = blob.size;
    session = sessionOf(r, await frameReader(blob, r), blob);
    const { value, transfer } = packResult(r);
    return Comlink.transfer({ result: value, failure: null }, transfer);
  },

  // Asked by the page as soon as the first part arrived: packed while the page draws the flow list.
  async details() {
    const s = current();
    // Its buffers move to the page: a second packing would find them detached.
    if (s.detailsSent) throw new Error('the details of this capture were sent already');
    const { value, transfer } = packDetails({ table: s.table, flowSet: s.flows, diagnosis: s.diagnosis });
    s.table = null;
    s.detailsSent = true;
    return Comlink.transfer(value, transfer);
  },

  async findingTexts(indexes, lang) {
    const s = current();
    if (!s.diagnosis || !s.flows) return [];
    return findingTexts(s.diagnosis, s.flows, indexes, lang);
  },

  async exportFrames(request) {
    const s = current();
    const out = await exportFrames(new BlobSource(s.source), tableForExport(request), request.rows);
    return Comlink.transfer(out, [out.bytes.buffer as ArrayBuffer]);
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
