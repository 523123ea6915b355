// Every rule, one module each (issue 4's vocabulary; `healthy` is what a flow gets when none fires).
import type { Rule } from '../types';
import { abortiveClose } from './abortive-close';
import { clientAbortUnreadResponse } from './client-abort-unread-response';
import { clientIdleClose } from './client-idle-close';
import { closeWaitLeak } from './close-wait-leak';
import { connectionRefused } from './connection-refused';
import { emptyPostReset } from './empty-post-reset';
import { keepaliveRace } from './keepalive-race';
import { noResponse } from './no-response';
import { resetBurst } from './reset-burst';
import { retransmissionTimeout } from './retransmission-timeout';
import { retryAfterReset } from './retry-after-reset';
import { serverCrash } from './server-crash';
import { silentIdleDrop } from './silent-idle-drop';
import { staleKeepaliveReuse } from './stale-keepalive-reuse';
import { upstreamRefused502 } from './upstream-refused-502';
import { zeroWindow } from './zero-window';

export const RULES: readonly Rule[] = [
  staleKeepaliveReuse,
  keepaliveRace,
  clientIdleClose,
  retryAfterReset,
  connectionRefused,
  upstreamRefused502,
  noResponse,
  emptyPostReset,
  clientAbortUnreadResponse,
  closeWaitLeak,
  resetBurst,
  serverCrash,
  retransmissionTimeout,
  zeroWindow,
  abortiveClose,
  silentIdleDrop,
];
