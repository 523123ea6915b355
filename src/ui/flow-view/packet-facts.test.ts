// The packet details agree with tshark: every key packet listed in the scenarios' manifest.json
// (../shared/scenarios, checked with tshark 4.0.17) has the same flags, direction, relative seq/ack,
// scaled window, payload length and time in packetFacts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlobSource } from '../../capture/blob-source';
import { openCapture } from '../../worker/open-capture';
import { formatAbsoluteTime, formatSeconds, packetFacts } from './packet-facts';

const scenarios = path.resolve(import.meta.dirname, '../../../../shared/scenarios');
const ready = existsSync(scenarios);
if (!ready) console.warn(`packet-facts scenario tests skipped: ${scenarios} is absent`);

interface KeyPacket {
  frame: number;
  direction?: string;
  tcp_flags: string;
  tcp_len: number;
  seq_rel?: number;
  ack_rel?: number;
  window?: number;
  time_relative?: number;
}

function keyPackets(manifest: { flows?: { key_packets?: unknown }[] }): KeyPacket[] {
  return (manifest.flows ?? []).flatMap((f) => {
    const kp = f.key_packets;
    const list = Array.isArray(kp) ? kp : kp && typeof kp === 'object' ? Object.values(kp) : [];
    return list.filter((k): k is KeyPacket => typeof (k as KeyPacket)?.seq_rel === 'number');
  });
}

describe.skipIf(!ready)('packetFacts on the scenarios', () => {
  const names = ready
    ? readdirSync(scenarios).filter((d) => existsSync(path.join(scenarios, d, 'manifest.json')))
    : [];
  for (const name of names) {
    const manifest = JSON.parse(readFileSync(path.join(scenarios, name, 'manifest.json'), 'utf8'));
    const packets = keyPackets(manifest);
    if (packets.length === 0) continue;
    it(`${name}: ${packets.length} key packets as tshark shows them`, async () => {
      const file = path.join(scenarios, name, 'capture.pcap');
      const r = await openCapture(new BlobSource(new File([readFileSync(file)], 'capture.pcap')));
      const t = r.table!;
      const set = r.flowSet!;
      const t0 = t.time(0);
      for (const k of packets) {
        const row = k.frame - 1;
        const flow = set.flows[set.columns.flow[row]!]!;
        const facts = packetFacts(t, set, flow, flow.rows.indexOf(row));
        const where = `${name} frame ${k.frame}`;
        expect(facts.frame, where).toBe(k.frame);
        expect(facts.flags, where).toBe(k.tcp_flags);
        expect(facts.len, where).toBe(k.tcp_len);
        expect(facts.seq, where).toBe(k.seq_rel);
        if (facts.ack !== null) expect(facts.ack, where).toBe(k.ack_rel);
        if (k.window !== undefined) expect(facts.window, where).toBe(k.window);
        if (k.direction) expect(facts.dir, where).toBe(k.direction === 'client->server' ? 'c2s' : 's2c');
        if (k.time_relative !== undefined) {
          const abs = facts.epochSeconds + facts.nanos / 1e9;
          expect(abs - t0, where).toBeCloseTo(k.time_relative, 5);
        }
      }
    });
  }
});

describe('time formats', () => {
  it('writes absolute time in UTC with µs, or ns when the capture has them', () => {
    expect(formatAbsoluteTime(1_700_000_000, 392_974_000)).toBe('2023-11-14 22:13:20.392974 UTC');
    expect(formatAbsoluteTime(1_700_000_000, 392_974_001)).toBe('2023-11-14 22:13:20.392974001 UTC');
    expect(formatSeconds(0.000059)).toBe('0.000059 s');
    expect(formatSeconds(2.5e-8)).toBe('0.000000025 s');
  });
});
