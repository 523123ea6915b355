// Each expected state here is read off RFC 9293 §3.3.2 (figure 5) and §3.6 (figures 12 and 13) for
// the segment sequence given, under the model stated in tcp-state.ts (a captured segment is delivered
// when captured; a SYN's receiver stays LISTEN until it sends its SYN-ACK; a RST closes both ends).
import { describe, expect, it } from 'vitest';
import { TCP_STATE_NAMES } from './model';
import { TableBuilder } from './testing/table-builder';

type Step = [
  from: 'c' | 's',
  flags: string,
  seq: number,
  ack: number,
  len: number,
  client: string,
  server: string,
];

/** Runs the segments as one connection and returns [clientState, serverState] names per packet. */
function statesAfter(steps: Step[]): string[][] {
  const b = new TableBuilder();
  const c = b.endpoint('10.0.0.1', 40000);
  const s = b.endpoint('10.0.0.2', 80);
  for (const [from, flags, seq, ack, len] of steps) {
    if (from === 'c') b.tcp(c, s, flags, { seq, ack, len });
    else b.tcp(s, c, flags, { seq, ack, len });
  }
  const { columns } = b.run();
  return steps.map((_, r) => [
    TCP_STATE_NAMES[columns.clientState[r] ?? 0] ?? '?',
    TCP_STATE_NAMES[columns.serverState[r] ?? 0] ?? '?',
  ]);
}

function expectStates(steps: Step[]): void {
  expect(statesAfter(steps)).toEqual(steps.map((s) => [s[5], s[6]]));
}

// Client ISN 100, server ISN 500.
const HANDSHAKE: Step[] = [
  ['c', 'SYN', 100, 0, 0, 'SYN_SENT', 'LISTEN'],
  ['s', 'SYN,ACK', 500, 101, 0, 'ESTABLISHED', 'SYN_RECEIVED'],
  ['c', 'ACK', 101, 501, 0, 'ESTABLISHED', 'ESTABLISHED'],
];

describe('TCP states of both endpoints', () => {
  it('follows the three-way handshake', () => expectStates(HANDSHAKE));

  it('follows an active close by the client (FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT, peer CLOSE_WAIT → LAST_ACK → CLOSED)', () => {
    expectStates([
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['s', 'ACK', 501, 102, 0, 'FIN_WAIT_2', 'CLOSE_WAIT'],
      ['s', 'FIN,ACK', 501, 102, 0, 'TIME_WAIT', 'LAST_ACK'],
      ['c', 'ACK', 102, 502, 0, 'TIME_WAIT', 'CLOSED'],
    ]);
  });

  it('follows a passive close (the server closes first)', () => {
    expectStates([
      ...HANDSHAKE,
      ['s', 'FIN,ACK', 501, 101, 0, 'CLOSE_WAIT', 'FIN_WAIT_1'],
      ['c', 'ACK', 101, 502, 0, 'CLOSE_WAIT', 'FIN_WAIT_2'],
      ['c', 'FIN,ACK', 101, 502, 0, 'LAST_ACK', 'TIME_WAIT'],
      ['s', 'ACK', 502, 102, 0, 'CLOSED', 'TIME_WAIT'],
    ]);
  });

  it('goes FIN_WAIT_1 → TIME_WAIT when the peer FIN also acknowledges our FIN', () => {
    expectStates([
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['s', 'FIN,ACK', 501, 102, 0, 'TIME_WAIT', 'LAST_ACK'],
      ['c', 'ACK', 102, 502, 0, 'TIME_WAIT', 'CLOSED'],
    ]);
  });

  it('follows a simultaneous close (both CLOSING, then both TIME_WAIT; RFC 9293 figure 13)', () => {
    expectStates([
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      // The server's FIN acknowledges only 101: it was sent before the client's FIN arrived.
      ['s', 'FIN,ACK', 501, 101, 0, 'CLOSING', 'CLOSING'],
      ['c', 'ACK', 102, 502, 0, 'CLOSING', 'TIME_WAIT'],
      ['s', 'ACK', 502, 102, 0, 'TIME_WAIT', 'TIME_WAIT'],
    ]);
  });

  it('keeps a half-closed connection open for the other direction (data after the peer FIN)', () => {
    expectStates([
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['s', 'PSH,ACK', 501, 102, 100, 'FIN_WAIT_2', 'CLOSE_WAIT'],
      ['c', 'ACK', 102, 601, 0, 'FIN_WAIT_2', 'CLOSE_WAIT'],
      ['s', 'FIN,ACK', 601, 102, 0, 'TIME_WAIT', 'LAST_ACK'],
      ['c', 'ACK', 102, 602, 0, 'TIME_WAIT', 'CLOSED'],
    ]);
  });

  it('closes both ends on a RST answering a SYN (refused)', () => {
    expectStates([
      ['c', 'SYN', 100, 0, 0, 'SYN_SENT', 'LISTEN'],
      ['s', 'RST,ACK', 0, 101, 0, 'CLOSED', 'CLOSED'],
    ]);
  });

  it('closes both ends on a RST in SYN_RECEIVED', () => {
    expectStates([HANDSHAKE[0] as Step, HANDSHAKE[1] as Step, ['c', 'RST', 101, 0, 0, 'CLOSED', 'CLOSED']]);
  });

  it('closes both ends on a RST in ESTABLISHED, from either side', () => {
    expectStates([...HANDSHAKE, ['s', 'RST,ACK', 501, 101, 0, 'CLOSED', 'CLOSED']]);
    expectStates([...HANDSHAKE, ['c', 'RST', 101, 0, 0, 'CLOSED', 'CLOSED']]);
  });

  it('closes both ends on a RST in FIN_WAIT_1 / CLOSE_WAIT and in FIN_WAIT_2 / CLOSE_WAIT', () => {
    const fin: Step = ['s', 'FIN,ACK', 501, 101, 0, 'CLOSE_WAIT', 'FIN_WAIT_1'];
    expectStates([...HANDSHAKE, fin, ['s', 'RST', 502, 0, 0, 'CLOSED', 'CLOSED']]);
    expectStates([
      ...HANDSHAKE,
      fin,
      ['c', 'ACK', 101, 502, 0, 'CLOSE_WAIT', 'FIN_WAIT_2'],
      ['c', 'PSH,ACK', 101, 502, 50, 'CLOSE_WAIT', 'FIN_WAIT_2'],
      ['s', 'RST', 502, 0, 0, 'CLOSED', 'CLOSED'],
    ]);
  });

  it('closes both ends on a RST in LAST_ACK, CLOSING and TIME_WAIT', () => {
    const closing: Step[] = [
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['s', 'FIN,ACK', 501, 101, 0, 'CLOSING', 'CLOSING'],
    ];
    expectStates([...closing, ['s', 'RST', 502, 0, 0, 'CLOSED', 'CLOSED']]);
    const lastAck: Step[] = [
      ...HANDSHAKE,
      ['c', 'FIN,ACK', 101, 501, 0, 'FIN_WAIT_1', 'CLOSE_WAIT'],
      ['s', 'FIN,ACK', 501, 102, 0, 'TIME_WAIT', 'LAST_ACK'],
    ];
    expectStates([...lastAck, ['s', 'RST', 502, 0, 0, 'CLOSED', 'CLOSED']]);
    expectStates([...lastAck, ['c', 'RST', 102, 0, 0, 'CLOSED', 'CLOSED']]);
  });

  it('starts a connection first seen mid-stream in ESTABLISHED', () => {
    expectStates([
      ['c', 'PSH,ACK', 1000, 5000, 10, 'ESTABLISHED', 'ESTABLISHED'],
      ['s', 'FIN,ACK', 5000, 1010, 0, 'CLOSE_WAIT', 'FIN_WAIT_1'],
    ]);
  });

  it('treats a SYN-ACK seen first as the answer to an uncaptured SYN', () => {
    expectStates([
      ['s', 'SYN,ACK', 500, 101, 0, 'ESTABLISHED', 'SYN_RECEIVED'],
      ['c', 'ACK', 101, 501, 0, 'ESTABLISHED', 'ESTABLISHED'],
    ]);
  });

  it('takes an ACK from the SYN sender as proof of the handshake when the SYN-ACK was not captured', () => {
    expectStates([
      ['c', 'SYN', 100, 0, 0, 'SYN_SENT', 'LISTEN'],
      ['c', 'ACK', 101, 501, 0, 'ESTABLISHED', 'ESTABLISHED'],
    ]);
  });

  it('leaves states alone for a retransmitted SYN or FIN', () => {
    expectStates([
      ['c', 'SYN', 100, 0, 0, 'SYN_SENT', 'LISTEN'],
      ['c', 'SYN', 100, 0, 0, 'SYN_SENT', 'LISTEN'],
      ['s', 'SYN,ACK', 500, 101, 0, 'ESTABLISHED', 'SYN_RECEIVED'],
      ['c', 'ACK', 101, 501, 0, 'ESTABLISHED', 'ESTABLISHED'],
      ['s', 'FIN,ACK', 501, 101, 0, 'CLOSE_WAIT', 'FIN_WAIT_1'],
      ['s', 'FIN,ACK', 501, 101, 0, 'CLOSE_WAIT', 'FIN_WAIT_1'],
      ['c', 'ACK', 101, 502, 0, 'CLOSE_WAIT', 'FIN_WAIT_2'],
    ]);
  });
});
