// The examples, in the order the landing page lists them: the seed cases, then the healthy baseline.
import clientAbortUnreadResponse from './client-abort-unread-response.mjs';
import closeWaitLeak from './close-wait-leak.mjs';
import connectionRefused from './connection-refused.mjs';
import emptyPostReset from './empty-post-reset.mjs';
import healthyKeepalive from './healthy-keepalive.mjs';
import keepaliveRace from './keepalive-race.mjs';
import nginxUpstreamRefused502 from './nginx-upstream-refused-502.mjs';
import staleKeepaliveReuse from './stale-keepalive-reuse.mjs';

export const CASES = [
  staleKeepaliveReuse,
  keepaliveRace,
  connectionRefused,
  nginxUpstreamRefused502,
  emptyPostReset,
  clientAbortUnreadResponse,
  closeWaitLeak,
  healthyKeepalive,
];
