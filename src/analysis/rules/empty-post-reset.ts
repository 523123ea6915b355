// empty-post-reset (seed 001): a POST/PUT/PATCH with no body, the client's FIN right behind it
// (a half-close: "I will send nothing more"), and the server — often a strict gateway — answering
// with RST and no response. Needs the HTTP method; without it the pattern is a no-response.
import type { RuleContext } from '../context';
import type { RawFinding, Rule } from '../types';
import { makeFinding, requestContext, secs } from './evidence';
import { lastUnanswered } from './exchanges';
import { findUnanswered } from './no-response';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export const emptyPostReset: Rule = {
  id: 'empty-post-reset',
  needs: ['facts'],
  run(ctx: RuleContext): RawFinding[] {
    const out: RawFinding[] = [];
    for (const i of ctx.tcp) {
      const f = ctx.facts(i);
      // findUnanswered's request is always the last unanswered one: its method is checked first.
      const http = lastUnanswered(f)?.http;
      if (
        !http ||
        !BODY_METHODS.has(http.method ?? '') ||
        http.bodyBytes > 0 ||
        (http.contentLength ?? 0) > 0
      )
        continue;
      const u = findUnanswered(ctx, f);
      if (!u) continue;
      const rst = f.rst[1];
      if (!u.halfClose || rst < u.clientFinRow) continue;
      out.push(
        makeFinding(ctx, 'empty-post-reset', {
          flows: [i],
          keyRows: {
            request: u.request.firstRow,
            requestAck: u.request.ackRow,
            clientFin: u.clientFinRow,
            rst,
          },
          numbers: {
            finAfterRequestSeconds: secs(ctx.time(u.clientFinRow) - u.request.end),
            rstAfterFinSeconds: secs(ctx.time(rst) - ctx.time(u.clientFinRow)),
            contentLength: http.contentLength ?? null,
          },
          context: { client: ctx.endpoint(i, 0), server: ctx.endpoint(i, 1), ...requestContext(u.request) },
        }),
      );
    }
    return out;
  },
};
