// The worker entry: a thin Comlink shell over openCapture. The page posts the File itself (a Blob
// crosses by reference, nothing is copied), the worker reads it in slices, and the packet table comes
// back with its column buffers transferred. Cancelling is the page terminating this worker.
import * as Comlink from 'comlink';
import { BlobSource } from '../capture/blob-source';
import type { AnalysisApi, AnalysisResult, LoadProgress } from './analysis-api';
import { openCapture } from './open-capture';
import { toTransferable } from './table-transfer';

const api: AnalysisApi = {
  async open(file: File, onProgress: (p: LoadProgress) => void): Promise<AnalysisResult> {
    // Progress calls go back to the page as messages; an unanswered call must not hold up the read.
    const r = await openCapture(new BlobSource(file), { onProgress: (p) => void onProgress(p) });
    if (!r.table) return Comlink.transfer({ ...r, table: null }, []);
    const { value, transfer } = toTransferable(r.table);
    return Comlink.transfer({ ...r, table: value }, transfer);
  },
};

Comlink.expose(api);
