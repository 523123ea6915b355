// localStorage and sessionStorage that never throw: storage can be switched off (privacy settings,
// some file:// pages) or full, and a remembered preference is never worth an error.
type Area = 'local' | 'session';

function area(which: Area): Storage | null {
  try {
    return which === 'local' ? globalThis.localStorage : globalThis.sessionStorage;
  } catch {
    return null;
  }
}

export function readStored(key: string, which: Area = 'local'): string | null {
  try {
    return area(which)?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function writeStored(key: string, value: string, which: Area = 'local'): void {
  try {
    area(which)?.setItem(key, value);
  } catch {
    // The preference lasts for this page only.
  }
}

export function readStoredJson<T>(key: string, which: Area = 'local'): T | null {
  const raw = readStored(key, which);
  if (raw === null) return null;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return null;
  }
}
