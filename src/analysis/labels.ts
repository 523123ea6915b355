// The diagnosis vocabulary (issue 4) and the order in which a flow's primary diagnosis is chosen.

export const LABELS = [
  'healthy',
  'stale-keepalive-reuse',
  'keepalive-race',
  'client-idle-close',
  'retry-after-reset',
  'connection-refused',
  'upstream-refused-502',
  'no-response',
  'empty-post-reset',
  'client-abort-unread-response',
  'close-wait-leak',
  'reset-burst',
  'server-crash',
  'retransmission-timeout',
  'zero-window',
  'abortive-close',
  'silent-idle-drop',
] as const;
export type Label = (typeof LABELS)[number];
/** Every label a rule can produce (healthy is what a flow gets when no rule fired). */
export type RuleLabel = Exclude<Label, 'healthy'>;

/**
 * Precedence for the primary diagnosis, most specific cause first. A flow that several rules
 * describe gets the first label of this list; the others become its secondary `labels`.
 * Why this order:
 * - server-crash explains the resets and refusals that stale-reuse and connection-refused would
 *   otherwise claim one by one (the crash is the cause, they are the symptoms).
 * - upstream-refused-502 names the upstream failure behind an HTTP 502, which is otherwise a
 *   healthy-looking TCP connection.
 * - silent-idle-drop and retransmission-timeout come before the reset rules because the final RST
 *   there is only the aftermath of a dead path.
 * - keepalive-race before stale-keepalive-reuse: both describe a request after the server's FIN; the
 *   race is the narrower finding (sent within one RTT of the FIN).
 * - empty-post-reset before no-response: it is a no-response with a known trigger.
 * - close-wait-leak before reset-burst: a burst of late closes is the end of the leak (k scenario).
 * - connection-refused, zero-window, reset-burst, retry-after-reset next; abortive-close is the
 *   catch-all for a reset nothing else explains; client-idle-close is informational.
 */
export const PRECEDENCE: readonly RuleLabel[] = [
  'server-crash',
  'upstream-refused-502',
  'silent-idle-drop',
  'retransmission-timeout',
  'keepalive-race',
  'stale-keepalive-reuse',
  'empty-post-reset',
  'no-response',
  'close-wait-leak',
  'client-abort-unread-response',
  'connection-refused',
  'reset-burst',
  'zero-window',
  'retry-after-reset',
  'abortive-close',
  'client-idle-close',
];

export type Severity = 'error' | 'warning' | 'info';

/** How bad a flow with this primary diagnosis ended (drives the summary's "ended badly" count). */
export const SEVERITY: Record<Label, Severity | null> = {
  healthy: null,
  'stale-keepalive-reuse': 'error',
  'keepalive-race': 'error',
  'client-idle-close': 'info',
  'retry-after-reset': 'warning',
  'connection-refused': 'error',
  'upstream-refused-502': 'error',
  'no-response': 'error',
  'empty-post-reset': 'error',
  'client-abort-unread-response': 'error',
  'close-wait-leak': 'warning',
  'reset-burst': 'warning',
  'server-crash': 'error',
  'retransmission-timeout': 'error',
  'zero-window': 'warning',
  'abortive-close': 'info',
  'silent-idle-drop': 'error',
};

/**
 * Labels whose finding accounts for the RSTs of the flows it names. abortive-close is the fallback for
 * a RST that none of these explains; it is dropped from a flow that already carries one of them.
 */
export const EXPLAINS_RESET: ReadonlySet<Label> = new Set<Label>([
  'stale-keepalive-reuse',
  'keepalive-race',
  'connection-refused',
  'upstream-refused-502',
  'no-response',
  'empty-post-reset',
  'client-abort-unread-response',
  'close-wait-leak',
  'reset-burst',
  'server-crash',
  'retransmission-timeout',
  'silent-idle-drop',
]);

export function isLabel(s: string): s is Label {
  return (LABELS as readonly string[]).includes(s);
}

export function precedenceOf(label: Label): number {
  const i = PRECEDENCE.indexOf(label as RuleLabel);
  return i < 0 ? PRECEDENCE.length : i;
}
