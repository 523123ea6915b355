import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

/**
 * The page's Content-Security-Policy (docs/deploy.md explains each part). It is written into the
 * built index.html as a <meta http-equiv> because a static host cannot be relied on to send headers;
 * scripts/serve-dist.mjs also sends it as a header, read back from the built page.
 * - scripts and the worker only from the page's own directory: no inline script, no eval, no CDN;
 * - styles only from the built stylesheet (React and D3 set styles through the CSSOM, which CSP
 *   does not restrict); images only from the page, data: and blob: (the PNG/SVG exports);
 * - connect-src: the page's own files (the examples), and any http(s) address, because `?url=` may
 *   name a capture on any server. The code fetches only the examples and the address the user gave
 *   (src/worker/url-source.ts); the e2e tests record every request to prove it.
 * frame-ancestors cannot be set from a <meta> (browsers ignore it there, with a console error), so
 * serve-dist.mjs adds it to the header only.
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "connect-src 'self' https: http:",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Writes `policy` into the built page right after <meta charset>, before any script or stylesheet
 * (a policy from <meta> covers only what comes after it). Build only: `vite` dev serves its HMR
 * client as inline script.
 */
export function cspMeta(policy: string): Plugin {
  const charset = '<meta charset="utf-8" />';
  return {
    name: 'wirelens-csp-meta',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html) {
        if (!html.includes(charset)) throw new Error(`index.html must start its <head> with ${charset}`);
        const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
        return html.replace(charset, `${charset}\n    ${meta}`);
      },
    },
  };
}

// base './' keeps every asset path relative, so dist/ works from any sub-path of any static host.
export default defineConfig({
  base: './',
  plugins: [react(), cspMeta(PAGE_CSP)],
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
});
