// Every test runs with this guard: it fails the test on any console error or warning, any uncaught
// page error, and any request that goes anywhere but the local server (the page promises that
// nothing leaves the browser).
import { test as base, expect } from '@playwright/test';

export const test = base.extend<{ guard: undefined }>({
  guard: [
    async ({ page, baseURL }, use) => {
      const origin = new URL(baseURL ?? 'http://127.0.0.1/').origin;
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('request', (r) => {
        const url = r.url();
        if (!url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin) {
          problems.push(`request to another host: ${url}`);
        }
      });
      await use(undefined);
      expect(problems, 'console messages, page errors or foreign requests').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
