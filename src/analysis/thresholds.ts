// Every time threshold the rules use, in one place, each with the reason for its value. Where the
// definition is about what a side could have known, the threshold is relative to the flow's RTT
// (a capture on a 100 ms WAN link must be judged like one on loopback).

/** RTT assumed when neither the handshake nor data/ACK pairs give one (a LAN-ish value). */
export const DEFAULT_RTT_S = 0.001;

/**
 * keepalive-race: a request that left within one RTT plus this much of the server's FIN crossed it
 * (issue 4: "within about one RTT (plus a few ms)"); the few ms cover the client's own scheduling.
 */
export const RACE_SLACK_S = 0.005;
export const raceWindow = (rtt: number): number => rtt + RACE_SLACK_S;

/** client-idle-close: idle before the client's FIN (issue 4: "an idle gap of ≥ 1 s"). */
export const CLIENT_IDLE_MIN_S = 1;

/**
 * A close that follows the peer's FIN/RST within this time is a reaction to it (passive close), not a
 * decision of its own; a process that reads EOF closes within milliseconds.
 */
export const reactionWindow = (rtt: number): number => Math.max(0.2, 4 * rtt);

/**
 * close-wait-leak: how long a side may sit on the peer's FIN without closing before it counts as a
 * leak ("far longer than its RTT"): 1 s at least, so loopback captures are not judged in microseconds.
 */
export const closeWaitMin = (rtt: number): number => Math.max(1, 20 * rtt);

/** retry-after-reset: the retry's SYN must start within this of the failure (issue: "~1 s"; Apache
 * HttpClient 5 waits exactly 1 s before its retry, so allow the RTTs on top). */
export const retryWindow = (rtt: number): number => 1.5 + 2 * rtt;

/** reset-burst / server-crash: closes linked by gaps up to LINK, whole cluster within SPAN. */
export const BURST_LINK_S = 0.005;
export const BURST_SPAN_S = 0.01;
/** reset-burst: "many connections (≥ 5)". */
export const BURST_MIN_FLOWS = 5;
/** server-crash: "many established connections" closed at one instant, confirmed by later resets or refusals. */
export const CRASH_MIN_FLOWS = 3;

/**
 * silent-idle-drop: idle time after which a RST answering the next packet is blamed on a middlebox
 * that forgot the connection. 30 s is below every default in idle-timeouts.md (Azure LB 4 min,
 * AWS NAT/NLB 350 s, GCP NAT 1200 s) and well above ordinary request pacing.
 */
export const SILENT_DROP_MIN_IDLE_S = 30;

/** retransmission-timeout: retransmissions of the same segment before we call it a timeout. Windows
 * gives up a connect after 2 SYN retransmissions; data needs 3 to show a backoff pattern. */
export const RTO_MIN_DATA_RETRANS = 3;
export const RTO_MIN_SYN_RETRANS = 2;

/** zero-window: "for a significant time": at least one persist probe and this long. */
export const zeroWindowMin = (rtt: number): number => Math.max(0.2, 10 * rtt);

/** empty-post-reset: the client's FIN follows the request "at once". */
export const atOnce = (rtt: number): number => 2 * rtt + 0.01;

/** Idle-timeout inference: gaps shorter than this are closes by request count or by choice, not a
 * timer (the shortest server default in idle-timeouts.md is gunicorn's 2 s). */
export const MIN_IDLE_TIMEOUT_S = 0.5;

/** Idle-timeout inference: samples belong to one timer when within this of each other
 * (jitter of tens of ms; timer granularity can add up to ~1 s, idle-timeouts.md §4.3). */
export const idleClusterTolerance = (seconds: number): number => Math.max(0.1, 0.05 * seconds);

/** upstream-refused-502: the upstream failure must fall within the client's request → 502 window,
 * widened by this much for clock granularity between interfaces. */
export const UPSTREAM_SLACK_S = 0.05;
