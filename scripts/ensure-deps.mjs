// Installs the locked dependencies when node_modules is missing or older than package-lock.json, so
// `npm start` and `npm test` work on a fresh clone. npm writes node_modules/.package-lock.json on every
// install: when it is older than the lockfile, the lockfile changed since.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function dependenciesStale() {
  const marker = path.join(root, 'node_modules/.package-lock.json');
  if (!existsSync(marker)) return 'node_modules is missing';
  if (statSync(path.join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs) {
    return 'package-lock.json changed since the last install';
  }
  return null;
}

export function checkNode() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 20) {
    console.error(`Wirelens needs Node.js 20 or newer; this is ${process.version}.`);
    process.exit(1);
  }
}

/** Runs a command in the repository, inheriting the terminal; returns its exit status. */
export function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  if (r.error) {
    console.error(`could not run ${cmd}: ${r.error.message}`);
    return 1;
  }
  return r.status ?? 1;
}

export function ensureDependencies() {
  checkNode();
  const why = dependenciesStale();
  if (!why) return;
  console.log(`${why}: installing dependencies (npm ci)…`);
  const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
    cwd: root,
    stdio: ['inherit', 'inherit', 'pipe'],
  });
  if (ci.status === 0) return;
  // Only the reason, not npm's usage text that follows it.
  const reason = String(ci.stderr ?? '')
    .split('\n')
    .filter((l) => l.startsWith('npm error') && l.trim() !== 'npm error')
    .slice(0, 4);
  console.log(reason.join('\n'));
  // npm ci refuses a lockfile that lacks entries for other platforms' optional packages (e.g. Biome's
  // per-OS binaries) even though the packages this machine needs are all locked; npm install then
  // installs exactly the locked versions.
  console.log('npm ci refused the lockfile: installing with npm install instead…');
  if (run('npm', ['install', '--no-audit', '--no-fund']) !== 0) {
    console.error('Installing the dependencies failed: see the messages above.');
    process.exit(1);
  }
}
