// Shared by playwright.config.ts (e2e) and playwright.bench.config.ts (browser benchmark): a free
// port for the static server, and the Chromium to launch.
import { existsSync } from 'node:fs';
import net from 'node:net';
import { chromium } from '@playwright/test';

/** A port nobody listens on, chosen once per run (workers re-read the config but inherit the env). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Playwright's own Chromium when it was downloaded, otherwise the system one (Debian's chromium package). */
export function browserLaunch(): { executablePath?: string; args?: string[] } {
  if (existsSync(chromium.executablePath())) return {};
  const system = '/usr/bin/chromium';
  if (!existsSync(system)) return {};
  return {
    executablePath: system,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
