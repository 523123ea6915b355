// TEST-ONLY (Node): reads a corpus file and undoes gzip or zstd, detected by magic, as tshark does.
import { readFileSync } from 'node:fs';
import { gunzipSync, constants as zlib } from 'node:zlib';
import { decompress as zstd } from 'fzstd';

export function loadCapture(path: string): Uint8Array {
  const raw = new Uint8Array(readFileSync(path));
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    // Tolerate a cut-off gzip stream: keep what inflates.
    return new Uint8Array(gunzipSync(raw, { finishFlush: zlib.Z_SYNC_FLUSH }));
  }
  if (raw[0] === 0x28 && raw[1] === 0xb5 && raw[2] === 0x2f && raw[3] === 0xfd) return zstd(raw);
  return raw;
}
