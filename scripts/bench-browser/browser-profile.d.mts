// Types for browser-profile.mjs (used by its test).
export interface BrowserProfileSummary {
  busyMs: number;
  idleMs: number;
  /** [percent of busy samples, function, source file] */
  functions: [number, string, string][];
  /** [percent of busy samples, layer] */
  layers: [number, string][];
}
export function layerOf(file: string): string;
export function summarizeBrowserProfile(
  profileFile: string,
  distDir: string,
  top?: number,
): BrowserProfileSummary;
