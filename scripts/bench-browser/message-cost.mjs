// `--profile`'s breakdown of the worker → page message: bundles the worker's own openCapture and
// packResult from src/ with esbuild and runs message-child.mjs on a file in a fresh Node process.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

export async function messageCost(root, file) {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirelens-message-'));
  try {
    const outfile = path.join(dir, 'message.mjs');
    const contents = [
      "export { openCapture } from './src/worker/open-capture.ts';",
      "export { packDetails, packResult } from './src/worker/pack-result.ts';",
      "export { NodeFileSource } from './src/capture/node/file-source.ts';",
    ].join('\n');
    await build({
      stdin: { contents, resolveDir: root, loader: 'ts', sourcefile: 'bench-message.ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile,
      logLevel: 'silent',
    });
    const child = spawn(
      process.execPath,
      ['--expose-gc', path.join(here, 'message-child.mjs'), file, pathToFileURL(outfile).href],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const chunks = [];
    child.stdout.on('data', (d) => chunks.push(d));
    await new Promise((resolve) => child.on('close', resolve));
    const line = Buffer.concat(chunks).toString().trim().split('\n').pop() ?? '';
    try {
      return JSON.parse(line);
    } catch {
      return { error: line.slice(0, 300) || 'no output' };
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
