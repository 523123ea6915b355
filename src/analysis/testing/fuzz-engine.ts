// The fuzz campaign's engine, bundled by scripts/fuzz/ (esbuild) and run inside worker threads:
// load the corpus files, then run case `index` of a seed on demand. See docs/fuzzing.md.
import { readFileSync } from 'node:fs';
import { describeMutation } from '../../capture/testing/mutate';
import {
  describeCase,
  type FuzzCase,
  MUTATION_KINDS,
  makeCase,
  type SweepEntry,
  sweepCases,
} from './fuzz-cases';
import { type CaseReport, type CheckOptions, caseInput, runCase } from './fuzz-check';
import { type FuzzSubject, loadSubject } from './fuzz-subjects';

export type { CaseReport };
export { MUTATION_KINDS };

export interface EngineOptions extends CheckOptions {
  /** Corpus files: a display name and a path. */
  files: { name: string; path: string }[];
  seed: number;
}

export interface EngineInfo {
  subjects: number;
  /** Cases 0 .. sweep-1 are the truncations at record boundaries ± 1. */
  sweep: number;
  /** Record boundaries in all subjects, and how many of them the sweep covers. */
  boundaries: number;
  sweptBoundaries: number;
  /** Subjects whose clean read is refused (they are still damaged and read). */
  refusedClean: number;
}

export interface Engine {
  info: EngineInfo;
  run(index: number): Promise<CaseReport>;
  caseAt(index: number): FuzzCase;
  describe(index: number): string;
  /** The bytes case `index` gives the reader (to save a failing input). */
  input(index: number): Uint8Array;
}

export async function createEngine(o: EngineOptions): Promise<Engine> {
  const subjects: FuzzSubject[] = [];
  for (const f of o.files) subjects.push(await loadSubject(f.name, new Uint8Array(readFileSync(f.path))));
  const sweep = sweepCases(subjects);
  const caseAt = (index: number) => makeCase(subjects, sweep, o.seed, index);
  return {
    info: info(subjects, sweep),
    caseAt,
    run: (index) => runCase(subjects, caseAt(index), o),
    describe: (index) => describeCase(subjects, caseAt(index), describeMutation),
    input: (index) => caseInput(subjects, caseAt(index)).input,
  };
}

function info(subjects: FuzzSubject[], sweep: SweepEntry[]): EngineInfo {
  const boundaries = subjects.reduce((n, s) => n + s.layout.boundaries.length, 0);
  const swept = new Set<string>();
  for (const e of sweep) {
    const s = subjects[e.subject]!;
    for (const d of [0, 1, -1])
      if (s.layout.boundaries.includes(e.length + d)) swept.add(`${e.subject}:${e.length + d}`);
  }
  return {
    subjects: subjects.length,
    sweep: sweep.length,
    boundaries,
    sweptBoundaries: swept.size,
    refusedClean: subjects.filter((s) => s.clean === null).length,
  };
}
