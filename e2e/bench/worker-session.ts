// A DevTools Protocol session on the page's analysis worker, for the browser benchmark. Playwright
// gives CDP sessions on pages only, so this attaches through the browser session to the worker target
// (Target.attachToTarget without flattening) and tunnels commands with Target.sendMessageToTarget.
// The worker's isolate answers them even while it runs a long synchronous read: V8's inspector
// handles protocol messages through interrupts, which is what makes sampling during the load work.
import type { CDPSession } from '@playwright/test';

interface Pending {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class WorkerSession {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  private constructor(
    private readonly browser: CDPSession,
    readonly sessionId: string,
    readonly url: string,
  ) {
    browser.on('Target.receivedMessageFromTarget', (m) => {
      if (m.sessionId !== this.sessionId) return;
      const msg = JSON.parse(m.message) as { id?: number; result?: unknown; error?: { message: string } };
      if (msg.id === undefined) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error) p.reject(new Error(msg.error.message));
      else p.resolve(msg.result);
    });
  }

  static async attach(browser: CDPSession, targetId: string, url: string): Promise<WorkerSession> {
    const { sessionId } = await browser.send('Target.attachToTarget', { targetId, flatten: false });
    return new WorkerSession(browser, sessionId, url);
  }

  send<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.browser
      .send('Target.sendMessageToTarget', {
        sessionId: this.sessionId,
        message: JSON.stringify({ id, method, params }),
      })
      .catch((e: Error) => {
        this.pending.get(id)?.reject(e);
        this.pending.delete(id);
      });
    return answer;
  }

  /** Fails whatever is still waiting (the worker went away). */
  close(): void {
    for (const p of this.pending.values()) p.reject(new Error('worker session closed'));
    this.pending.clear();
  }
}

/**
 * Calls `onWorker` with a session on every dedicated worker the browser starts from now on whose
 * script URL contains `urlPart`. A worker target is announced before its script URL is known (empty
 * at creation, set by a later targetInfoChanged), so an empty URL is accepted too.
 */
export async function watchWorkers(
  browser: CDPSession,
  urlPart: string,
  onWorker: (w: WorkerSession) => void,
): Promise<void> {
  browser.on('Target.targetCreated', ({ targetInfo }) => {
    if (targetInfo.type !== 'worker') return;
    if (targetInfo.url !== '' && !targetInfo.url.includes(urlPart)) return;
    WorkerSession.attach(browser, targetInfo.targetId, targetInfo.url).then(onWorker, () => {
      // The worker ended before we could attach (a cancelled load): nothing to sample.
    });
  });
  await browser.send('Target.setDiscoverTargets', { discover: true });
}
