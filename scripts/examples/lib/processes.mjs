// Child processes for the example runs: every program gets a hard time limit, its output is kept line
// by line, and it is stopped by its own pid (never by name), so a failed run leaves nothing behind.
import { spawn } from 'node:child_process';

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every process started by this run, so the script can stop what is still running when it fails. */
const running = new Set();

export class Proc {
  /**
   * @param {string} cmd
   * @param {string[]} args
   * @param {{ name: string, timeoutMs: number, cwd?: string }} opts
   */
  constructor(cmd, args, { name, timeoutMs, cwd }) {
    this.name = name;
    this.lines = [];
    this.exitInfo = null;
    this.child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd });
    running.add(this);
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e) => {
        this.lines.push(`${name}: could not start ${cmd}: ${e.message}`);
        this.exitInfo = { code: -1, signal: null };
        resolve(this.exitInfo);
      });
      this.child.on('close', (code, signal) => {
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    }).finally(() => {
      clearTimeout(this.limit);
      running.delete(this);
    });
    this.waiters = [];
    for (const stream of [this.child.stdout, this.child.stderr]) this.collect(stream);
    // The hard limit: whatever happens, the program does not outlive its case.
    this.limit = setTimeout(() => {
      this.lines.push(`${name}: killed after ${timeoutMs} ms`);
      this.kill('SIGKILL');
    }, timeoutMs);
  }

  collect(stream) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) this.addLine(line);
    });
    stream.on('end', () => {
      if (rest) this.addLine(rest);
    });
  }

  addLine(line) {
    this.lines.push(line);
    for (const w of this.waiters) if (w.re.test(line)) w.resolve(line);
  }

  /** Resolves with the first output line matching `re`; rejects if the program exits or `ms` passes first. */
  waitFor(re, ms) {
    const seen = this.lines.find((l) => re.test(l));
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no line matching ${re} within ${ms} ms`)),
        ms,
      );
      const found = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
      this.waiters.push({ re, resolve: found });
      this.exited.then(() => {
        clearTimeout(timer);
        reject(
          new Error(
            `${this.name} exited (${JSON.stringify(this.exitInfo)}) before printing ${re}:\n${this.tail()}`,
          ),
        );
      });
    });
  }

  kill(signal) {
    if (this.exitInfo === null && this.child.pid !== undefined) {
      try {
        this.child.kill(signal);
      } catch {
        // already gone
      }
    }
  }

  /** Asks the program to stop with `signal`, then kills it if it has not exited within `graceMs`. */
  async stop(signal = 'SIGTERM', graceMs = 2000) {
    if (this.exitInfo !== null) return this.exitInfo;
    this.kill(signal);
    const t = setTimeout(() => this.kill('SIGKILL'), graceMs);
    const info = await this.exited;
    clearTimeout(t);
    return info;
  }

  /** Waits for the program to end by itself (it is killed at `ms`). */
  async done(ms) {
    const t = setTimeout(() => {
      this.lines.push(`${this.name}: did not finish within ${ms} ms, killed`);
      this.kill('SIGKILL');
    }, ms);
    const info = await this.exited;
    clearTimeout(t);
    return info;
  }

  /** Lines the program printed with the `SAW ` prefix: what the client or server reported. */
  saw() {
    return this.lines.filter((l) => l.startsWith('SAW ')).map((l) => l.slice(4));
  }

  tail(n = 12) {
    return this.lines
      .slice(-n)
      .map((l) => `    ${l}`)
      .join('\n');
  }
}

/** Stops every process this run started that is still running (used on failure and at exit). */
export async function stopAll() {
  await Promise.all([...running].map((p) => p.stop('SIGKILL', 500)));
}
