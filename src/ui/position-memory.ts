// Where the user was in a capture, so opening the same capture again comes back there (issue 5
// item 8). Two memories:
// - the URL hash, which survives a reload and travels in a link. It applies to the next capture
//   opened unless this tab wrote it for a different capture (sessionStorage remembers which one):
//   a link from a colleague applies to the file they name, a hash left by capture A does not move
//   the view of capture B.
// - a short list in localStorage, per capture, for reopening a file later without the hash.
// A capture is recognised by name, size and packet count.
import { readStored, readStoredJson, writeStored } from './storage';
import { type Position, parseHash } from './url-hash';

const OWNER_KEY = 'wirelens.hashOwner';
const MEMORY_KEY = 'wirelens.positions';
const REMEMBERED = 20;

export function captureFingerprint(c: { fileName: string; fileSize: number; packets: number }): string {
  return `${c.fileName}|${c.fileSize}|${c.packets}`;
}

type Memory = [fingerprint: string, position: Position][];

function memory(): Memory {
  const m = readStoredJson<Memory>(MEMORY_KEY);
  return Array.isArray(m) ? m.filter((e) => Array.isArray(e) && typeof e[0] === 'string') : [];
}

/** The position to open `fingerprint` at: the URL hash if it is meant for it, else the remembered one. */
export function initialPosition(fingerprint: string, hash: string): Position | null {
  const fromHash = parseHash(hash);
  const owner = readStored(OWNER_KEY, 'session');
  if (fromHash && (owner === null || owner === fingerprint)) return fromHash;
  return memory().find(([f]) => f === fingerprint)?.[1] ?? null;
}

/** Notes that the hash now describes `fingerprint`, and remembers the position for later visits. */
export function rememberPosition(fingerprint: string, p: Position): void {
  writeStored(OWNER_KEY, fingerprint, 'session');
  const rest = memory().filter(([f]) => f !== fingerprint);
  writeStored(MEMORY_KEY, JSON.stringify([[fingerprint, p], ...rest].slice(0, REMEMBERED)));
}

/** A link names its capture (`?url=`, `?example=`): its hash is meant for that capture, whatever this tab showed. */
export function forgetHashOwner(): void {
  try {
    globalThis.sessionStorage?.removeItem(OWNER_KEY);
  } catch {
    // Without storage there is no owner to forget.
  }
}
