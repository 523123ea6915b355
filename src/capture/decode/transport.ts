// Transport dispatch: TCP and UDP get their fields, GRE is opened like tshark opens it; ICMP, ICMPv6
// and anything else are counted by protocol number only (the IP layer has already stored it in `proto`).
import { Proto } from '../packet-table';
import type { DecodeState } from './decode-state';
import { decodeGre } from './gre';
import { decodeTcp } from './tcp';
import { decodeUdp } from './udp';

const IPPROTO_GRE = 47;

export function decodeTransport(s: DecodeState, proto: number, off: number, end: number): void {
  if (proto === Proto.TCP) decodeTcp(s, off, end);
  else if (proto === Proto.UDP) decodeUdp(s, off, end);
  else if (proto === IPPROTO_GRE) decodeGre(s, off, end);
}
