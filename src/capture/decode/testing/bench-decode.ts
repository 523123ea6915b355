// Measures FrameDecoder throughput on corpus files, each decoded over and over into one table.
// Run: npx esbuild src/capture/decode/testing/bench-decode.ts --bundle --platform=node --format=esm \
//        --outfile=/tmp/bench-decode.mjs && node /tmp/bench-decode.mjs [capture ...]
import path from 'node:path';
import { PacketTable } from '../../packet-table';
import { FrameDecoder } from '../frame-decoder';
import { loadCapture } from './load-capture';
import { forEachRecord } from './read-records';

const shared = path.resolve(process.cwd(), '../shared');
const defaults = [
  'captures/real/pcapplusplus__example2.pcap',
  'captures/real/wiresharkwiki__xxcc.pcap',
  'captures/real/chrissanders__synscan.pcapng',
  'captures/real/lwerdna__simple_http_sll2.pcap',
  'captures/real/wiresharkwiki__6in4.pcap.gz',
];

function bench(file: string, targetPackets = 5_000_000): void {
  const bytes = loadCapture(file);
  const lt: number[] = [];
  const st: number[] = [];
  const cl: number[] = [];
  const ol: number[] = [];
  forEachRecord(bytes, (_f, linkType, start, capLen, origLen) => {
    if (linkType < 0) return;
    lt.push(linkType);
    st.push(start);
    cl.push(capLen);
    ol.push(origLen);
  });
  const n = lt.length;
  const links = Int32Array.from(lt);
  const starts = Int32Array.from(st);
  const caps = Int32Array.from(cl);
  const origs = Int32Array.from(ol);
  const table = new PacketTable();
  const decoder = new FrameDecoder(table);
  const passes = Math.max(1, Math.ceil(targetPackets / n));
  const run = (times: number) => {
    for (let p = 0; p < times; p++) {
      table.length = 0;
      table.options.length = 0;
      table.options.sackLength = 0;
      for (let i = 0; i < n; i++) {
        const row = table.add();
        decoder.decode(row, links[i]!, bytes, starts[i]!, caps[i]!, origs[i]!);
      }
    }
  };
  run(Math.min(passes, 20)); // warm up the JIT
  const t0 = performance.now();
  run(passes);
  const ms = performance.now() - t0;
  const pps = (passes * n) / (ms / 1000);
  const mbps = (passes * caps.reduce((a, b) => a + b, 0)) / (ms / 1000) / 1e6;
  console.log(
    `${path.basename(file)}: ${n} frames × ${passes} passes: ${(pps / 1e6).toFixed(2)} M packets/s, ${mbps.toFixed(0)} MB/s of frames`,
  );
}

const args = process.argv.slice(2);
for (const f of args.length > 0 ? args : defaults.map((d) => path.join(shared, d))) bench(f);
