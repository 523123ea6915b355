import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { bufferSource } from '../capture/buffer-source';
import { NodeFileSource } from '../capture/node/file-source';
import { buildPcap } from '../capture/testing/build';
import { analyzeCapture } from './analyze-capture';
import { hasTshark, realDir, scenariosDir, tsharkFields } from './testing/export-fixtures';
import { buildConversation, CLIENT, SERVER } from './testing/tcp-conversation';
import { flowFilters } from './wireshark-filter';

const TCPDUMP = '/usr/sbin/tcpdump';
const hasTcpdump = existsSync(TCPDUMP) || existsSync('/usr/bin/tcpdump');
const FILES = [
  path.join(scenariosDir, 'f-keepalive-race/capture.pcap'),
  path.join(scenariosDir, 'l-server-crash/capture-any.pcap'),
  path.join(scenariosDir, 'connection-refused/capture.pcap'),
  path.join(realDir, 'pcapplusplus__four_ipv6_http_streams.pcap'),
  path.join(realDir, 'chrissanders__http_ip4and6.pcapng'),
  path.join(realDir, 'pcapplusplus__sll.pcap'),
].filter((f) => existsSync(f));
const FLOWS_PER_FILE = 3;

/** Time stamps (seconds.microseconds, -tt) tcpdump prints for the packets a capture filter matches. */
function tcpdumpTimes(file: string, filter: string): string[] {
  const bin = existsSync(TCPDUMP) ? TCPDUMP : '/usr/bin/tcpdump';
  const run = spawnSync(bin, ['-tt', '-n', '-q', '-r', file, filter], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l) => l.split(' ')[0] ?? '');
}

describe('flowFilters', () => {
  test('writes the stream number, then addresses and ports once each', async () => {
    const frames = buildConversation([
      { from: 'c', flags: 'S' },
      { from: 's', flags: 'SA' },
    ]);
    const r = await analyzeCapture(
      bufferSource(buildPcap({ records: frames.map((f) => ({ sec: f.sec, sub: 0, data: f.ether })) })),
    );
    const flow = r.flows.flows[0];
    if (!flow) throw new Error('no flow');
    expect(flowFilters(r.capture.table, flow)).toEqual({
      stream: 'tcp.stream eq 0',
      endpoints: `ip.addr==${CLIENT.ip} && ip.addr==${SERVER.ip} && tcp.port==${CLIENT.port} && tcp.port==${SERVER.port}`,
      bpf: `host ${CLIENT.ip} and host ${SERVER.ip} and tcp port ${CLIENT.port} and tcp port ${SERVER.port}`,
    });
  });

  if (!hasTshark) console.warn('tshark not found at /usr/bin/tshark: display filters not checked against it');
  if (FILES.length === 0) console.warn('../shared captures not found: filters not checked on real captures');

  test.skipIf(!hasTshark || FILES.length === 0).each(FILES)(
    'selects the flow in tshark and tcpdump: %s',
    async (file) => {
      const r = await analyzeCapture(await NodeFileSource.open(file));
      const tcp = r.flows.flows.filter((f) => f.transport === 'tcp');
      for (const flow of tcp.slice(0, FLOWS_PER_FILE)) {
        const f = flowFilters(r.capture.table, flow);
        const own = Array.from(flow.rows, (row) => row + 1);
        const byStream = tsharkFields(file, f.stream, ['frame.number']).map((x) => Number(x[0]));
        expect(byStream, `${file} ${f.stream}`).toEqual(own);
        // The same 4-tuple in another flow (port reuse) is selected too; nothing else is.
        const tuple = (a: number, p: number, b: number, q: number) => [a, p, b, q].join();
        const key = tuple(flow.clientAddr, flow.clientPort, flow.serverAddr, flow.serverPort);
        const same = tcp.filter(
          (g) =>
            tuple(g.clientAddr, g.clientPort, g.serverAddr, g.serverPort) === key ||
            tuple(g.serverAddr, g.serverPort, g.clientAddr, g.clientPort) === key,
        );
        const expected = same.flatMap((g) => Array.from(g.rows, (row) => row + 1)).sort((a, b) => a - b);
        const byAddress = tsharkFields(file, `(${f.endpoints}) && !icmp && !icmpv6`, ['frame.number']);
        expect(
          byAddress.map((x) => Number(x[0])),
          `${file} ${f.endpoints}`,
        ).toEqual(expected);
        const t = r.capture.table;
        const micros = (frame: number) =>
          `${t.baseSec + (t.tsSec[frame - 1] ?? 0)}.${String(Math.floor((t.tsNs[frame - 1] ?? 0) / 1000)).padStart(6, '0')}`;
        if (hasTcpdump) expect(tcpdumpTimes(file, f.bpf), `${file} ${f.bpf}`).toEqual(expected.map(micros));
      }
    },
  );
});
