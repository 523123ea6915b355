#!/usr/bin/env node
// `npm run build:single`: dist-single/wirelens.html, the whole app in one file that works opened
// straight from disk (file://) with no network.
//  1. vite build with vite.single.config.ts: script, stylesheet and worker inlined (vite-plugin-singlefile
//     and Vite's `?worker&inline`, see src/worker/start-worker-inline.ts);
//  2. the favicon inlined as a data: URL (a file page cannot rely on files next to it);
//  3. the page's own Content-Security-Policy written in: the inline script and style allowed by their
//     SHA-256 hashes (never 'unsafe-inline'), the worker from blob: only, and connect-src 'none': this
//     copy fetches nothing at all (no examples, no `?url=`).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist-single');
const out = path.join(outDir, 'wirelens.html');

/** SHA-256 hash sources of the text of every inline <tag> (CSP Level 3 §8.4 "hash-source"). */
export function inlineHashes(html, tag) {
  const re = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}>`, 'g');
  const hashes = [];
  for (const m of html.matchAll(re)) {
    if (/\bsrc=/.test(m[1] ?? '')) continue;
    hashes.push(
      `'sha256-${createHash('sha256')
        .update(m[2] ?? '', 'utf8')
        .digest('base64')}'`,
    );
  }
  return hashes;
}

export function singleCsp(html) {
  const scripts = inlineHashes(html, 'script');
  const styles = inlineHashes(html, 'style');
  if (scripts.length === 0)
    throw new Error('the single-file page has no inline script: did the build change?');
  return [
    "default-src 'none'",
    `script-src ${scripts.join(' ')}`,
    // The analysis worker, started from a blob: URL the page makes from its inlined code.
    'worker-src blob:',
    "connect-src 'none'",
    `style-src ${styles.length > 0 ? styles.join(' ') : "'none'"}`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

function inlineFavicon(html) {
  const svg = readFileSync(path.join(root, 'public/favicon.svg'), 'utf8');
  const data = `data:image/svg+xml,${encodeURIComponent(svg)}`;
  const next = html.replace(/(<link rel="icon"[^>]*href=")[^"]*(")/, `$1${data}$2`);
  if (next === html) throw new Error('index.html has no <link rel="icon">');
  return next;
}

function addCsp(html) {
  const charset = '<meta charset="utf-8" />';
  if (!html.includes(charset)) throw new Error(`index.html must start its <head> with ${charset}`);
  const meta = `<meta http-equiv="Content-Security-Policy" content="${singleCsp(html)}" />`;
  return html.replace(charset, `${charset}\n    ${meta}`);
}

await build({ root, configFile: path.join(root, 'vite.single.config.ts'), logLevel: 'warn' });
const built = path.join(outDir, 'index.html');
const html = addCsp(inlineFavicon(readFileSync(built, 'utf8')));
writeFileSync(built, html);
renameSync(built, out);
console.log(
  `dist-single/wirelens.html (${(statSync(out).size / 1e6).toFixed(2)} MB): open it from disk, no server needed`,
);
