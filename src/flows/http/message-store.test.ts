// The message store against the objects it stands for, on the whole corpus: every connection's
// exchanges as the flow builder keeps them (store indexes, made into objects on first read) must be
// what a standalone HttpTracker fed the same segments returns, and the store's accessors (read by the
// analysis without making objects) must agree with the objects field by field.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedCaptures } from '../../capture/testing/corpus';
import { CaptureError } from '../../capture/types';
import { httpRefsOf } from '../connection-summary';
import type { HttpMessage } from '../model';
import { HttpExchangeRefs, HttpMessageStore } from './message-store';
import { runPipeline } from './testing/pipeline';
import { feed } from './testing/segments';

const shared = resolve(__dirname, '../../../../shared');
const haveShared = existsSync(join(shared, 'captures/real')) && existsSync(join(shared, 'scenarios'));
if (!haveShared) console.warn(`message-store: ${shared} is absent, the corpus round trip is skipped`);

const corpus = sharedCaptures;

/** The store's view of message `m` must be the object's. */
function expectSameAsStore(store: HttpMessageStore, m: number, obj: HttpMessage): void {
  expect(store.isResponse(m)).toBe(obj.kind === 'response');
  expect(store.rowOf(m)).toBe(obj.row);
  expect(store.endRowOf(m)).toBe(obj.endRow);
  expect(store.statusOf(m)).toBe(obj.status ?? -1);
  expect(store.methodOf(m)).toBe(obj.method);
  expect(store.connectionOf(m)).toBe(obj.connection);
  expect(store.keepAliveTimeoutOf(m)).toBe(obj.keepAliveTimeout ?? -1);
  expect(store.bodyBytesOf(m)).toBe(obj.bodyBytes);
  expect(store.targetOf(m)).toBe(obj.target);
  expect(store.versionOf(m)).toBe(obj.version);
  expect(store.reasonOf(m)).toBe(obj.reason);
  expect(store.contentLengthOf(m)).toBe(obj.contentLength ?? -1);
  expect(store.chunkedOf(m)).toBe(obj.chunked);
  expect(store.keepAliveMaxOf(m)).toBe(obj.keepAliveMax ?? -1);
}

describe.skipIf(!haveShared)('HTTP message store on the corpus', () => {
  for (const path of corpus()) {
    it(`${path.split('/').slice(-2).join('/')}: store accessors agree with the objects`, async () => {
      let set: Awaited<ReturnType<typeof runPipeline>>;
      try {
        set = await runPipeline(path);
      } catch (e) {
        if (e instanceof CaptureError) return;
        throw e;
      }
      for (const flow of set.flows) {
        const refs = httpRefsOf(flow);
        if (!refs) {
          expect(flow.http).toEqual([]);
          continue;
        }
        const http = flow.http;
        // Made once, then the same objects at every read.
        expect(flow.http).toBe(http);
        expect(http.length).toBe(refs.length);
        for (let k = 0; k < refs.length; k++) {
          const ex = http[k];
          const q = refs.request(k);
          const r = refs.response(k);
          expect(q >= 0).toBe(ex?.request != null);
          expect(r >= 0).toBe(ex?.response != null);
          if (q >= 0 && ex?.request) expectSameAsStore(refs.store, q, ex.request);
          if (r >= 0 && ex?.response) expectSameAsStore(refs.store, r, ex.response);
          expect(refs.unanswered(k)).toBe(ex?.unanswered);
          expect(refs.exchange(k)).toEqual(ex);
        }
      }
    });
  }
});

describe('HttpMessageStore', () => {
  it('keeps every field of a request and a response, absent ones undefined', () => {
    const { exchanges, tracker } = feed([
      {
        dir: 0,
        data: 'POST /a?b=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nConnection: Keep-Alive\r\n\r\nabc',
      },
      {
        dir: 1,
        data: 'HTTP/1.1 503 Busy Now\r\nKeep-Alive: timeout=5, max=99\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n',
      },
    ]);
    expect(exchanges).toEqual([
      {
        request: {
          kind: 'request',
          row: 0,
          endRow: 0,
          method: 'POST',
          target: '/a?b=1',
          version: 'HTTP/1.1',
          status: undefined,
          reason: undefined,
          contentLength: 3,
          chunked: false,
          connection: 'keep-alive',
          keepAliveTimeout: undefined,
          keepAliveMax: undefined,
          bodyBytes: 3,
        },
        response: {
          kind: 'response',
          row: 1,
          endRow: 1,
          method: undefined,
          target: undefined,
          version: 'HTTP/1.1',
          status: 503,
          reason: 'Busy Now',
          contentLength: undefined,
          chunked: true,
          connection: undefined,
          keepAliveTimeout: 5,
          keepAliveMax: 99,
          bodyBytes: 2,
        },
        unanswered: false,
      },
    ]);
    // Every key present, in one order, as the objects were always made.
    expect(Object.keys(exchanges[0]?.response ?? {})).toEqual(Object.keys(exchanges[0]?.request ?? {}));
    const refs = tracker.refs();
    expect(refs).toBeInstanceOf(HttpExchangeRefs);
    expect(refs.store.statusOf(refs.response(0))).toBe(503);
    expect(refs.store.statusOf(refs.request(0))).toBe(-1);
  });

  it('grows past its first columns without losing rows', () => {
    const store = new HttpMessageStore();
    for (let i = 0; i < 1000; i++) {
      const m = store.add(i, {
        kind: 'response',
        version: 'HTTP/1.1',
        status: 200 + (i % 300),
        reason: 'OK',
      });
      store.setFields(m, i, i % 2 === 0, undefined, i % 7 === 0 ? i : undefined, undefined);
      store.addBodyBytes(m, i * 3);
    }
    expect(store.length).toBe(1000);
    for (const i of [0, 63, 64, 95, 96, 500, 999]) {
      const m = store.message(i);
      expect(m.row).toBe(i);
      expect(m.status).toBe(200 + (i % 300));
      expect(m.contentLength).toBe(i);
      expect(m.chunked).toBe(i % 2 === 0);
      expect(m.keepAliveTimeout).toBe(i % 7 === 0 ? i : undefined);
      expect(m.bodyBytes).toBe(i * 3);
    }
  });
});
