#!/usr/bin/env node
// `npm start`: install dependencies if needed, build, serve dist/ locally and print the URL.
import { ensureDependencies, root, run } from './ensure-deps.mjs';
import { serveDist } from './serve-dist.mjs';

ensureDependencies();
console.log('Building Wirelens (npm run build)…');
if (run('npm', ['run', 'build']) !== 0) {
  console.error('The build failed: see the messages above.');
  process.exit(1);
}
const preferred = Number(process.env.PORT ?? 4173);
const { url } = await serveDist({ dir: `${root}/dist`, port: preferred, fallback: true });
console.log(`
Wirelens is running at ${url}
  with the example capture loaded: ${url}?example=stale-keepalive-reuse
Drop a .pcap or .pcapng file on the page. Press Ctrl+C to stop.`);
