// Which fixes and which client-side messages go with each rule (language-neutral; the sentences
// are in texts/). The first fix family is the main one.
import { EXCEPTIONS, type Situation } from './knowledge';
import type { RuleLabel } from './labels';
import type { FixFamily } from './texts/types';
import type { LibraryId, RawFinding } from './types';

export interface Plan {
  fixes: FixFamily[];
  /** What the client logs in this situation; null when it logs nothing (or the server is the one that logs). */
  saw(f: RawFinding): Situation | null;
}

const fixed = (s: Situation | null) => (): Situation | null => s;

export const FIX_PLAN: Record<RuleLabel, Plan> = {
  'stale-keepalive-reuse': { fixes: ['poolIdle', 'retrySafe'], saw: fixed('closed-no-response') },
  'keepalive-race': { fixes: ['retrySafe', 'poolIdle'], saw: fixed('closed-no-response') },
  'client-idle-close': { fixes: ['poolIdle'], saw: fixed(null) },
  'retry-after-reset': { fixes: ['retrySafe'], saw: fixed(null) },
  'connection-refused': { fixes: ['connect'], saw: fixed('refused') },
  'upstream-refused-502': { fixes: ['retrySafe'], saw: fixed('bad-gateway') },
  'no-response': {
    fixes: ['retrySafe', 'timeouts'],
    saw: (f) =>
      f.variant === 'client-gave-up'
        ? 'read-timeout'
        : f.variant === 'server-rst'
          ? 'reset'
          : 'closed-no-response',
  },
  'empty-post-reset': { fixes: ['sendBody'], saw: fixed('reset') },
  'client-abort-unread-response': { fixes: ['readBody'], saw: fixed(null) },
  // Nothing is logged until a leaked connection is reused; the explanation says what happens then.
  'close-wait-leak': { fixes: ['readBody', 'poolIdle'], saw: fixed(null) },
  // The peer of the closing side sees the resets: the client only when the server closed.
  'reset-burst': { fixes: ['closeClean'], saw: (f) => (f.variant === 'server' ? 'reset' : null) },
  'server-crash': { fixes: ['retrySafe', 'connect'], saw: fixed('closed-no-response') },
  'retransmission-timeout': {
    fixes: ['timeouts'],
    saw: (f) => (f.variant === 'syn' ? 'connect-timeout' : 'read-timeout'),
  },
  'zero-window': { fixes: ['readBody'], saw: fixed(null) },
  'abortive-close': { fixes: ['closeClean'], saw: fixed(null) },
  'silent-idle-drop': {
    fixes: ['poolIdle', 'timeouts'],
    saw: (f) => (f.variant === 'rst' ? 'reset' : 'read-timeout'),
  },
};

export function exceptionFor(f: RawFinding, lib: LibraryId): string | null {
  const s = FIX_PLAN[f.rule].saw(f);
  return s ? EXCEPTIONS[s][lib] : null;
}

/** Whether the server is the side that logs an error for this finding (a reset it received). */
export function serverLogsReset(f: RawFinding): boolean {
  if (f.rule === 'client-abort-unread-response') return true;
  if (f.rule === 'reset-burst') return f.variant !== 'server' && (f.numbers.rsts ?? 0) !== 0;
  return f.rule === 'abortive-close' && f.context.resetter === 'client' && f.variant !== 'after-close';
}
