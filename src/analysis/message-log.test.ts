// The flow facts name each message's HTTP message by its place in the flows layer's message store
// (no object is made until a rule reads it). On every corpus capture, the facts computed that way
// must link the same HTTP messages as the facts computed from the HttpExchange objects, and the
// store-read shortcuts (hasHttp, httpConnection) must answer what the objects say.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCaptures } from '../capture/testing/corpus';
import { CaptureError } from '../capture/types';
import { httpRefsOf } from '../flows/connection-summary';
import type { Flow, FlowSet } from '../flows/model';
import { runPipeline } from '../flows/tcp-analysis/testing/pipeline';
import { advertisedTimeout } from './close-bursts';
import { computeTcpFlowFacts, type FlowFacts } from './flow-facts';
import { hasHttp, httpConnection } from './message-log';

const shared = resolve(__dirname, '../../../shared');
const haveShared = existsSync(join(shared, 'captures/real')) && existsSync(join(shared, 'scenarios'));
if (!haveShared) console.warn(`message-log: ${shared} is absent, the corpus comparison is skipped`);

const corpus = sharedCaptures;

/** The same flows with `http` as plain lists (no message store behind them): the object path. */
function withPlainHttp(set: FlowSet): FlowSet {
  const flows = set.flows.map((f): Flow => {
    const copy = { ...f };
    copy.http = f.http;
    return copy;
  });
  return { flows, columns: set.columns };
}

describe.skipIf(!haveShared)('HTTP links of the flow facts on the corpus', () => {
  for (const path of corpus()) {
    it(`${path.split('/').slice(-2).join('/')}: store links = object links`, async () => {
      let loaded: Awaited<ReturnType<typeof runPipeline>>;
      try {
        loaded = await runPipeline(path);
      } catch (e) {
        if (e instanceof CaptureError) return;
        throw e;
      }
      const { table, flows } = loaded;
      const byStore = computeTcpFlowFacts(table, flows);
      const plain = withPlainHttp(flows);
      for (const f of plain.flows) expect(httpRefsOf(f)).toBeUndefined();
      const byObjects = computeTcpFlowFacts(table, plain);
      for (let i = 0; i < flows.flows.length; i++) {
        const a = byStore[i] as FlowFacts | undefined;
        const b = byObjects[i] as FlowFacts | undefined;
        expect(a === undefined).toBe(b === undefined);
        if (!a || !b) continue;
        expect(a.messages.length).toBe(b.messages.length);
        expect(a.closingMessages.length).toBe(b.closingMessages.length);
        expect(advertisedTimeout(a)).toBe(advertisedTimeout(b));
        for (let k = 0; k < a.messages.length; k++) {
          const ma = a.messages[k];
          const mb = b.messages[k];
          if (!ma || !mb) throw new Error('message missing');
          expect(hasHttp(ma)).toBe(mb.http !== null);
          expect(httpConnection(ma)).toBe(mb.http?.connection);
          // The object read through the store link is the flow's own (the same identity every read).
          expect(ma.http).toEqual(mb.http);
          if (ma.http)
            expect(flows.flows[i]?.http.some((x) => x.request === ma.http || x.response === ma.http)).toBe(
              true,
            );
        }
      }
    });
  }
});
