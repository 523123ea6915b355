// The page's Content-Security-Policy (vite.config.ts, docs/deploy.md) holds in the browser, both
// from the page's own <meta> on a host that sends no headers (serve-dist --plain) and with the
// header serve-dist sends: eval and inline script are refused, scripts and images from elsewhere
// are refused before any request is made (issue 7 item 5).
import { expect, type Page, test } from '@playwright/test';
import { openWithInput } from './support/open';
import { fixture } from './support/paths';
import { type Running, startCaptureServer, startStaticServer, watch } from './support/share-servers';

/** What the page's own code can still do: eval, new Function, an inline <script>, a foreign <script> and <img>. */
async function attempts(page: Page, elsewhere: string) {
  return page.evaluate(async (elsewhere) => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.effectiveDirective} ${e.blockedURI}`),
    );
    const tryIt = (f: () => unknown) => {
      try {
        f();
        return 'ran';
      } catch (e) {
        return (e as Error).name;
      }
    };
    // Run from a timer: DevTools' evaluate (Playwright's page.evaluate) itself is allowed to eval
    // (CDP Runtime.evaluate allowUnsafeEvalBlockedByCSP), code running later in the page is not.
    const later = <T>(f: () => T) => new Promise<T>((r) => setTimeout(() => r(f()), 0));
    // biome-ignore lint/security/noGlobalEval: the test checks that the policy refuses eval
    const evalResult = await later(() => tryIt(() => eval('1 + 1')));
    const functionResult = await later(() => tryIt(() => new Function('return 1')()));
    const w = window as unknown as Record<string, unknown>;
    const inline = document.createElement('script');
    inline.textContent = 'window.inlineRan = true';
    document.body.append(inline);
    const foreign = document.createElement('script');
    foreign.src = elsewhere;
    document.body.append(foreign);
    const img = document.createElement('img');
    img.src = `${elsewhere.replace('.js', '.png')}?leak=1`;
    document.body.append(img);
    await new Promise((r) => setTimeout(r, 300));
    // With both a header and a <meta>, each policy reports its own violation: count each once.
    return {
      evalResult,
      functionResult,
      inlineRan: w.inlineRan === true,
      violations: [...new Set(violations)].sort(),
    };
  }, elsewhere);
}

for (const plain of [true, false]) {
  const how = plain ? 'from its <meta> alone (no header)' : 'with the header serve-dist sends';
  test.describe(`the policy ${how}`, () => {
    let app: Running;
    test.beforeAll(async () => {
      app = await startStaticServer(['--base', '/wirelens/', ...(plain ? ['--plain'] : [])]);
    });
    test.afterAll(async () => app?.stop());

    test('is declared, and refuses eval, inline script and anything from elsewhere', async ({
      page,
      context,
    }) => {
      const w = watch(context, page);
      const res = await page.goto(app.url);
      const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
      expect(meta).toContain("script-src 'self'");
      expect(meta).toContain("default-src 'none'");
      expect(meta).not.toMatch(/unsafe-(inline|eval)/);
      const header = res?.headers()['content-security-policy'];
      if (plain) expect(header).toBeUndefined();
      else expect(header).toBe(`${meta}; frame-ancestors 'none'`);

      // A real server on another port, to see that nothing reaches it.
      const other = await startCaptureServer({}, { cors: true });
      const r = await attempts(page, `${other.url}evil.js`);
      await other.stop();
      expect(r.evalResult).toBe('EvalError');
      expect(r.functionResult).toBe('EvalError');
      expect(r.inlineRan).toBe(false);
      expect(r.violations).toEqual([
        `img-src ${other.url}evil.png?leak=1`,
        'script-src eval',
        `script-src-elem ${other.url}evil.js`,
        'script-src-elem inline',
      ]);
      // Refused before the request: nothing reached the other host.
      expect(other.hits).toEqual([]);
      for (const p of w.problems) expect(p).toMatch(/Content Security Policy/);
      expect(w.problems.length).toBeGreaterThan(0);
    });

    test('the page still works under it', async ({ page, context }) => {
      const w = watch(context, page);
      await page.goto(app.url);
      await openWithInput(page, fixture('g-stale-keepalive.pcap'));
      await expect(page.getByTestId('ladder')).toBeVisible();
      await page.getByTestId('step-next').click();
      await expect(page.getByTestId('packet-details')).toHaveAttribute('data-frame', '2');
      if (!plain) {
        // The header also covers the worker (a page's <meta> policy does not reach a worker).
        const worker = page.workers()[0];
        expect(worker).toBeDefined();
        const inWorker = await worker!.evaluate(
          () =>
            new Promise<string>((r) =>
              setTimeout(() => {
                try {
                  // biome-ignore lint/security/noGlobalEval: the test checks that the policy refuses eval
                  eval('1');
                  r('ran');
                } catch (e) {
                  r((e as Error).name);
                }
              }, 0),
            ),
        );
        expect(inWorker).toBe('EvalError');
      }
      // Only the worker's refused eval may have logged a policy message.
      expect(w.problems.filter((p) => plain || !/Content Security Policy/.test(p))).toEqual([]);
    });
  });
}
