// What a case's run() gets: start servers (waiting until they listen), run clients to the end, and
// keep what each program reported. Every program is started from scripts/examples/programs/.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Proc, sleep } from './processes.mjs';

const PROGRAMS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../programs');

function command(program, args) {
  const file = path.join(PROGRAMS, program);
  if (program.endsWith('.py')) return ['python3', ['-u', '-B', file, ...args]]; // -B: no __pycache__ in the repo
  if (program.endsWith('.mjs')) return [process.execPath, [file, ...args]];
  throw new Error(`unknown program type: ${program}`);
}

export class RunContext {
  /** @param {string} dir a private folder for this run's files (nginx config, logs) */
  constructor(dir) {
    this.dir = dir;
    /** @type {{ label: string, proc: Proc }[]} */
    this.procs = [];
    /** Lines the case adds itself (from a log file), reported after the programs' own. */
    this.notes = [];
    this.sleep = sleep;
  }

  /** Starts any command; it is stopped when the run ends if it is still running. */
  start(cmd, args, { label, timeoutMs = 30_000 }) {
    const proc = new Proc(cmd, args, { name: label, timeoutMs, cwd: this.dir });
    this.procs.push({ label, proc });
    return proc;
  }

  /** Starts a server program and waits for its READY line. */
  async server(program, args, { label, timeoutMs = 30_000 }) {
    const [cmd, argv] = command(program, args);
    const proc = this.start(cmd, argv, { label, timeoutMs });
    await proc.waitFor(/^READY$/, 10_000);
    return proc;
  }

  /** Runs a client program to its end; throws if it fails. */
  async client(program, args, { label, timeoutMs = 15_000 }) {
    const [cmd, argv] = command(program, args);
    const proc = this.start(cmd, argv, { label, timeoutMs });
    const { code, signal } = await proc.done(timeoutMs);
    if (code !== 0) throw new Error(`${label} (${program}) failed: exit ${code ?? signal}\n${proc.tail()}`);
    return proc;
  }

  /** Polls `ss` (which sends no packets, unlike a test connection) until something listens on `port`. */
  async listening(port, ms = 10_000) {
    for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
      const out = execFileSync('ss', ['-Hltn', `sport = :${port}`], { encoding: 'utf8', timeout: 5000 });
      if (out.trim()) return;
    }
    throw new Error(`nothing listened on port ${port} within ${ms} ms`);
  }

  /** Adds a line to what the programs reported (e.g. from a server's log file). */
  note(label, text) {
    this.notes.push(`${label}: ${text}`);
  }

  /** `label: text` for every SAW line the programs printed, in the order the programs started. */
  saw() {
    return [
      ...this.procs.flatMap(({ label, proc }) => proc.saw().map((s) => `${label}: ${s}`)),
      ...this.notes,
    ];
  }

  /** Every program's full output, for the failure report. */
  output() {
    return this.procs.map(({ label, proc }) => `  ${label}:\n${proc.tail(20)}`).join('\n');
  }

  async stopAll() {
    await Promise.all(this.procs.map(({ proc }) => proc.stop('SIGTERM', 2000)));
  }
}
