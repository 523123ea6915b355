// For tests: a worker's result as the page gets it, both parts posted as the worker posts them (a
// structured clone with the transfer list, so the buffers really move) and unpacked as the page
// unpacks them.
import type { OpenedCapture } from '../open-capture';
import { packDetails, packResult } from '../pack-result';
import { type CaptureDetails, type UnpackedResult, unpackDetails, unpackResult } from '../unpack-result';

export interface SentResult {
  page: UnpackedResult;
  details: CaptureDetails;
}

export function sendResult(r: OpenedCapture): SentResult {
  const first = packResult(r);
  const page = unpackResult(structuredClone(first.value, { transfer: first.transfer }));
  const second = packDetails(r);
  const details = unpackDetails(page, structuredClone(second.value, { transfer: second.transfer }));
  return { page, details };
}
