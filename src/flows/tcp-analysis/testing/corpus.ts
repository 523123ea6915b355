// TEST-ONLY (Node): the captures of ../shared (real corpus and scenarios) and their oracle names.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface CorpusCapture {
  /** Oracle name: the real file's name, or scenario__<folder>__<file>. */
  name: string;
  path: string;
}

export function hasCorpus(shared: string): boolean {
  return existsSync(join(shared, 'captures/real')) && existsSync(join(shared, 'scenarios'));
}

export function listCorpus(shared: string): CorpusCapture[] {
  if (!hasCorpus(shared)) return [];
  const real = readdirSync(join(shared, 'captures/real'))
    .filter((f) => !f.endsWith('.md'))
    .map((f) => ({ name: f, path: join(shared, 'captures/real', f) }));
  const scenarios = readdirSync(join(shared, 'scenarios'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(shared, 'scenarios', d.name))
        .filter((f) => f.endsWith('.pcap'))
        .map((f) => ({ name: `scenario__${d.name}__${f}`, path: join(shared, 'scenarios', d.name, f) })),
    );
  return [...real, ...scenarios];
}
