// Every arrow of every TCP connection in every scenario capture against tshark's per-frame oracle
// (testdata/tshark/scenario__*.tsv, tshark 4.0): direction, flags in Wireshark's order, length,
// relative time, and the analysis tags written on the arrow.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relativeTime } from './ladder-layout';
import { PACKET_KIND_NAMES } from './packet-kind';
import { packetLabel } from './packet-label';
import { haveScenarios, loadScenario, scenariosDir, tsvDir } from './testing/scenario-ladder';

/** packet-tcp.c tcp_flags_to_str: bit order from FIN up, ECE written "ECN". */
const WIRESHARK_FLAGS = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG', 'ECN', 'CWR', 'NS'];

const cases = haveScenarios
  ? readdirSync(scenariosDir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) =>
        readdirSync(path.join(scenariosDir, d.name))
          .filter((f) => f.endsWith('.pcap'))
          .map((f) => [d.name, f] as const),
      )
  : [];

function readTsv(file: string): (frame: number, field: string) => string {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const fields = (lines[0] ?? '').split('\t');
  const rows = lines.slice(1).map((l) => l.split('\t'));
  return (frame, field) => rows[frame - 1]?.[fields.indexOf(field)] ?? '';
}

function wiresharkFlags(hex: string): string {
  const v = Number.parseInt(hex, 16);
  return WIRESHARK_FLAGS.filter((_, bit) => v & (1 << bit)).join(',');
}

describe.skipIf(!haveScenarios)('ladder arrows against tshark, every scenario capture', () => {
  it.each(cases)('%s/%s', async (scenario, file) => {
    const tsv = readTsv(path.join(tsvDir, `scenario__${scenario}__${file}.tsv`));
    const s = await loadScenario(scenario, file);
    const time = (frame: number) => Number(tsv(frame, 'frame.time_epoch'));
    let arrows = 0;
    for (const flow of s.flows.filter((f) => f.transport === 'tcp')) {
      const layout = s.layoutOf(flow.stream);
      const first = (layout.rows[0] ?? 0) + 1;
      for (let i = 0; i < layout.count; i++) {
        const l = packetLabel(layout, i);
        const at = `frame ${l.frame}`;
        expect(Number(tsv(l.frame, 'tcp.stream')), at).toBe(flow.stream);
        expect(l.flags, at).toBe(wiresharkFlags(tsv(l.frame, 'tcp.flags')));
        expect(l.len, at).toBe(Number(tsv(l.frame, 'tcp.len')));
        const fromClient = Number(tsv(l.frame, 'tcp.srcport')) === flow.clientPort;
        expect(l.dir, at).toBe(fromClient ? 'c2s' : 's2c');
        expect(relativeTime(layout, i), at).toBeCloseTo(time(l.frame) - time(first), 6);
        const tagged = (tag: string) => l.tags.includes(tag);
        expect(tagged('retransmission'), at).toBe(tsv(l.frame, 'tcp.analysis.retransmission') !== '');
        expect(tagged('zero window'), at).toBe(tsv(l.frame, 'tcp.analysis.zero_window') !== '');
        expect(tagged('keep-alive'), at).toBe(tsv(l.frame, 'tcp.analysis.keep_alive') !== '');
        const dup = tsv(l.frame, 'tcp.analysis.duplicate_ack_num');
        expect(
          l.tags.some((t) => t.startsWith('dup ACK')),
          at,
        ).toBe(dup !== '');
        if (dup !== '') expect(tagged(`dup ACK #${dup}`), at).toBe(true);
        if (l.flags.includes('RST')) expect(PACKET_KIND_NAMES[layout.kind[i] ?? 0], at).toBe('rst');
        arrows++;
      }
    }
    expect(arrows).toBeGreaterThan(0);
  });
});
