// Before any run: root (tcpdump needs it), the tools on PATH, and our ports free on loopback.
import { execFileSync, spawnSync } from 'node:child_process';
import os from 'node:os';

const TOOLS = [
  { cmd: 'tcpdump', args: ['--version'], pkg: 'tcpdump' },
  { cmd: 'tshark', args: ['--version'], pkg: 'tshark' },
  { cmd: 'nginx', args: ['-v'], pkg: 'nginx' },
  { cmd: 'python3', args: ['--version'], pkg: 'python3' },
  { cmd: 'ss', args: ['-V'], pkg: 'iproute2' },
];

/** The first line a tool prints about its version (stdout or stderr: nginx -v uses stderr), or null if absent. */
function version(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error) return null;
  return `${r.stdout}${r.stderr}`.split('\n')[0]?.trim() ?? '';
}

/** Throws with the fix when something is missing; returns the tool versions for index.json. */
export function preflight(ports) {
  const problems = [];
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    problems.push('tcpdump needs root: run it as root, e.g. `sudo node scripts/examples/make-examples.mjs`');
  }
  const missing = TOOLS.filter((t) => version(t.cmd, t.args) === null);
  if (missing.length > 0) {
    const pkgs = missing.map((t) => t.pkg).join(' ');
    problems.push(
      `missing: ${missing.map((t) => t.cmd).join(', ')}. On Debian/Ubuntu: apt-get update && apt-get install -y ${pkgs}`,
    );
  }
  const busy = missing.some((t) => t.cmd === 'ss') ? [] : busyPorts(ports);
  if (busy.length > 0)
    problems.push(`something already listens on ports the examples need: ${busy.join(', ')}`);
  if (problems.length > 0) throw new Error(problems.join('\n'));
  return {
    kernel: `Linux ${os.release()}`,
    tcpdump: version('tcpdump', ['--version']),
    tshark: version('tshark', ['--version'])?.replace(/\.$/, ''),
    nginx: version('nginx', ['-v']),
    python: version('python3', ['--version']),
    node: `Node.js ${process.version}`,
  };
}

/** Our ports that something already listens on (TIME-WAIT leftovers of a previous run do not count). */
function busyPorts(ports) {
  const out = execFileSync('ss', ['-Hltn'], { encoding: 'utf8', timeout: 10_000 });
  const used = new Set();
  for (const line of out.split('\n')) {
    const local = line.trim().split(/\s+/)[3] ?? '';
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    if (ports.includes(port)) used.add(port);
  }
  return [...used];
}
