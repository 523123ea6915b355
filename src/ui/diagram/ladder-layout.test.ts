// The ladder layout on the scenario captures, read through the whole pipeline, checked against each
// scenario's manifest (key packets as tshark 4.0 decoded them) and tshark's per-frame times.
import { beforeAll, describe, expect, it } from 'vitest';
import { TCP_STATE_NAMES, TcpState } from '../../flows/model';
import { indexOfFrame, type LadderLayout, relativeTime, visibleRange } from './ladder-layout';
import { PACKET_KIND_NAMES } from './packet-kind';
import { packetLabel } from './packet-label';
import { haveScenarios, type KeyPacket, loadScenario, type ScenarioLadder } from './testing/scenario-ladder';

if (!haveScenarios) console.warn('skipping ladder scenario tests: ../shared/scenarios is absent');

function kindOf(layout: LadderLayout, frame: number): string {
  const i = indexOfFrame(layout, frame);
  expect(i, `frame ${frame} is in the flow`).toBeGreaterThanOrEqual(0);
  return PACKET_KIND_NAMES[layout.kind[i] ?? 0] ?? '?';
}

/** Every key packet's label says what tshark said: direction, flags, relative seq/ack, length. */
function expectKeyPackets(layout: LadderLayout, keys: KeyPacket[]): void {
  for (const k of keys) {
    const i = indexOfFrame(layout, k.frame);
    expect(i, k.name).toBeGreaterThanOrEqual(0);
    const l = packetLabel(layout, i);
    expect(l.frame).toBe(k.frame);
    expect(l.dir, k.name).toBe(k.direction === 'client->server' ? 'c2s' : 's2c');
    expect(l.flags, k.name).toBe(k.tcp_flags);
    expect(l.seq, k.name).toBe(k.seq_rel);
    expect(l.ack, k.name).toBe(k.tcp_flags.includes('ACK') ? k.ack_rel : null);
    expect(l.len, k.name).toBe(k.tcp_len);
    if (k.http && !k.http.startsWith('HTTP '))
      expect(l.http, k.name).toMatch(new RegExp(`^${k.http} HTTP/1\\.[01]$`));
  }
}

/** tshark puts "HTTP 200" on the segment that completes a response; the ladder on the one that starts it. */
function expectResponsesLabelled(layout: LadderLayout, keys: KeyPacket[]): void {
  for (const k of keys.filter((x) => x.http?.startsWith('HTTP '))) {
    const status = k.http?.slice(5) ?? '';
    const starts = layout.source.flow.http.flatMap((x) => (x.response ? [x.response] : []));
    const start = starts.filter((m) => m.row + 1 <= k.frame && (m.endRow < 0 || m.endRow + 1 >= k.frame));
    expect(start, k.name).toHaveLength(1);
    const l = packetLabel(layout, indexOfFrame(layout, (start[0]?.row ?? 0) + 1));
    expect(l.http, k.name).toMatch(new RegExp(`^HTTP/1\\.[01] ${status}( |$)`));
    expect(l.dir).toBe('s2c');
  }
}

function expectMonotonic(layout: LadderLayout): void {
  for (let i = 1; i < layout.count; i++) {
    expect(layout.y[i]).toBeGreaterThan(layout.y[i - 1] ?? 0);
    expect(relativeTime(layout, i)).toBeGreaterThanOrEqual(relativeTime(layout, i - 1));
  }
  expect(layout.height).toBeGreaterThan(layout.y[layout.count - 1] ?? 0);
}

describe.skipIf(!haveScenarios)('ladder of g-stale-keepalive (stale keep-alive reuse)', () => {
  let s: ScenarioLadder;
  let layout: LadderLayout;
  beforeAll(async () => {
    s = await loadScenario('g-stale-keepalive');
    layout = s.layoutOf(0);
  });
  const flowOf = () => s.manifest.flows[0]!;
  const key = (name: string) => flowOf().key_packets.find((k) => k.name === name)!;

  it('has one arrow per frame of the flow, in capture order', () => {
    expect(layout.count).toBe(flowOf().frames.count);
    expect(layout.count).toBe(13);
    expect(Array.from(layout.rows, (r) => r + 1)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expectMonotonic(layout);
  });

  it('labels the key packets with tshark’s flags, relative seq/ack, length and HTTP lines', () => {
    expectKeyPackets(layout, flowOf().key_packets);
    expectResponsesLabelled(layout, flowOf().key_packets);
    expect(layout.client).toBe(flowOf().client);
    expect(layout.server).toBe(flowOf().server);
  });

  it('marks the SYNs, the server FIN, the request after the FIN and the RST', () => {
    expect(kindOf(layout, key('syn').frame)).toBe('syn');
    expect(kindOf(layout, key('syn').frame + 1)).toBe('syn');
    expect(kindOf(layout, key('server_fin').frame)).toBe('fin');
    expect(kindOf(layout, key('stale_request').frame)).toBe('data-after-fin');
    expect(kindOf(layout, key('server_rst').frame)).toBe('rst');
    expect(kindOf(layout, key('request_1').frame)).toBe('normal');
    const l = packetLabel(layout, indexOfFrame(layout, key('stale_request').frame));
    expect(l.tags).toContain("data after peer's FIN");
  });

  it('compresses the server’s idle timeout into a labelled break of fixed height', () => {
    const fin = key('server_fin').frame;
    const gap = layout.gaps.find((g) => g.toFrame === fin);
    expect(gap).toBeDefined();
    if (!gap) return;
    const measured = s.tsharkTime(gap.toFrame) - s.tsharkTime(gap.fromFrame);
    expect(gap.fromFrame).toBe(fin - 1);
    expect(gap.seconds).toBeCloseTo(measured, 6);
    // the manifest measures from the last response segment, 5 µs earlier than its ACK
    expect(
      Math.abs(gap.seconds - flowOf().gaps!.find((g) => g.name === 'server_idle_before_fin')!.seconds),
    ).toBeLessThan(1e-4);
    expect(gap.label).toBe('idle 2.002 s');
    expect(gap.height).toBe(layout.options.gapHeight);
    const before = layout.y[gap.index - 1] ?? 0;
    const after = layout.y[gap.index] ?? 0;
    expect(gap.top).toBeGreaterThan(before);
    expect(gap.top + gap.height).toBeLessThan(after);
    expect(after - before).toBeLessThan(gap.seconds * layout.options.pxPerSecond);
  });

  it('writes the state changes on the lifelines where they happen', () => {
    const fin = indexOfFrame(layout, key('server_fin').frame);
    const at = (index: number, side: 0 | 1) =>
      layout.states.find((c) => c.index === index && c.side === side);
    expect(at(fin, 0)?.to).toBe(TcpState.CLOSE_WAIT);
    expect(at(fin, 0)?.from).toBe(TcpState.ESTABLISHED);
    expect(at(fin, 1)?.to).toBe(TcpState.FIN_WAIT_1);
    expect(at(0, 0)?.from).toBeNull();
    expect(TCP_STATE_NAMES[at(0, 0)?.to ?? 0]).toBe('SYN_SENT');
    // receiver's annotation sits at the arrow head, the sender's at its tail
    expect(at(fin, 0)?.y).toBe((layout.y[fin] ?? 0) + layout.options.slope);
    expect(at(fin, 1)?.y).toBe(layout.y[fin]);
    for (let k = 1; k < layout.states.length; k++)
      expect(layout.states[k]!.index).toBeGreaterThanOrEqual(layout.states[k - 1]!.index);
  });

  it('closes the server’s direction at its FIN and the client’s at the RST', () => {
    const [client, server] = layout.closed;
    expect(server).toMatchObject({ how: 'fin', index: indexOfFrame(layout, key('server_fin').frame) });
    expect(client).toMatchObject({ how: 'rst', index: indexOfFrame(layout, key('server_rst').frame) });
  });

  it('zooming scales the time between packets but not the idle break', () => {
    const wide = s.layoutOf(0, { pxPerSecond: layout.options.pxPerSecond * 1000 });
    expect(wide.gaps.map((g) => g.height)).toEqual(layout.gaps.map((g) => g.height));
    // frames 10 → 11: 40 ms of delayed ACK, below the idle threshold: it grows with the zoom
    const i = indexOfFrame(layout, key('client_ack_of_fin').frame);
    const dt = relativeTime(layout, i) - relativeTime(layout, i - 1);
    expect((wide.y[i] ?? 0) - (wide.y[i - 1] ?? 0)).toBeCloseTo(dt * wide.options.pxPerSecond, 6);
    expect((layout.y[i] ?? 0) - (layout.y[i - 1] ?? 0)).toBeLessThan(dt * wide.options.pxPerSecond);
  });

  it('visibleRange returns exactly the arrows that intersect the viewport', () => {
    const { slope } = layout.options;
    for (let top = -50; top < layout.height; top += 7) {
      const { start, end } = visibleRange(layout, top, 120);
      for (let i = 0; i < layout.count; i++) {
        const y = layout.y[i] ?? 0;
        const shows = y + slope >= top && y - layout.maxLabel <= top + 120;
        if (shows) expect(i >= start && i < end, `index ${i} at top ${top}`).toBe(true);
      }
      expect(end - start).toBeLessThanOrEqual(layout.count);
    }
  });
});

describe.skipIf(!haveScenarios)('ladder of f-keepalive-race (request 0.27 ms after the FIN)', () => {
  it.each(['capture.pcap', 'capture-nano.pcap'])('%s: FIN, request after FIN, RST', async (file) => {
    const s = await loadScenario('f-keepalive-race', file);
    const layout = s.layoutOf(0);
    const flow = s.manifest.flows[0]!;
    const key = (name: string) => flow.key_packets.find((k) => k.name === name)!;
    expect(layout.count).toBe(flow.frames.count);
    expectMonotonic(layout);
    expectKeyPackets(layout, flow.key_packets);
    expectResponsesLabelled(layout, flow.key_packets);
    expect(kindOf(layout, key('server_fin').frame)).toBe('fin');
    expect(kindOf(layout, key('client_get_after_fin').frame)).toBe('data-after-fin');
    expect(kindOf(layout, key('server_rst').frame)).toBe('rst');
    // 0.267 ms between FIN and request is no idle gap: no break, just spacing
    expect(layout.gaps).toEqual([]);
    const fin = indexOfFrame(layout, key('server_fin').frame);
    expect(layout.states.find((c) => c.index === fin && c.side === 0)?.to).toBe(TcpState.CLOSE_WAIT);
    expect(layout.closed[1]).toMatchObject({ how: 'fin', index: fin });
  });
});

describe.skipIf(!haveScenarios)('ladder of n-zero-window and m-retransmission-timeout', () => {
  it('n-zero-window: zero-window replies, probes, window update', async () => {
    const s = await loadScenario('n-zero-window');
    const layout = s.layoutOf(0);
    const flow = s.manifest.flows[0]!;
    expect(layout.count).toBe(flow.frames.count);
    expectMonotonic(layout);
    expectKeyPackets(layout, flow.key_packets);
    for (const k of flow.key_packets) {
      const a = k.tshark_analysis ?? [];
      const l = packetLabel(layout, indexOfFrame(layout, k.frame));
      if (a.includes('zero_window')) {
        expect(kindOf(layout, k.frame), k.name).toBe('zero-window');
        expect(l.win, k.name).toBe(0);
        expect(l.tags).toContain('zero window');
      }
      if (a.includes('keep_alive')) expect(kindOf(layout, k.frame), k.name).toBe('keep-alive');
      if (a.includes('window_update')) expect(l.win, k.name).toBe(k.window);
    }
    // every silence the flows layer found becomes one break, in order, labelled with 3 decimals
    expect(layout.gaps.map((g) => g.toFrame)).toEqual(layout.source.flow.idleGaps.map((g) => g.toRow + 1));
    for (const g of layout.gaps) {
      expect(g.seconds).toBeCloseTo(s.tsharkTime(g.toFrame) - s.tsharkTime(g.fromFrame), 6);
      expect(g.label).toMatch(/^idle \d+\.\d{3} s$/);
    }
  });

  it('m-retransmission-timeout: retransmissions and the final RST', async () => {
    const s = await loadScenario('m-retransmission-timeout');
    const layout = s.layoutOf(0);
    const flow = s.manifest.flows[0]!;
    expectKeyPackets(layout, flow.key_packets);
    for (const k of flow.key_packets)
      if (k.tshark_analysis?.includes('retransmission'))
        expect(kindOf(layout, k.frame), k.name).toBe('retransmission');
    expect(kindOf(layout, flow.key_packets.find((k) => k.name === 'client_rst')!.frame)).toBe('rst');
    const silence = flow.gaps!.find((g) => g.name === 'last_retransmission_to_server_segment')!;
    const gap = layout.gaps.find((g) => g.toFrame === silence.to_frame);
    expect(gap?.seconds).toBeCloseTo(silence.seconds, 5);
  });
});
