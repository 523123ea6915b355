// tcpdump on the loopback interface, started and stopped around one example run.
// -U --immediate-mode: every packet is written when it is seen, so stopping with SIGINT loses
// nothing (without immediate mode, TPACKET_V3 hands packets over in blocks and a quick stop can
// leave the file empty). -Z root: keep writing as root into our private temporary folder.
import path from 'node:path';
import { Proc, sleep } from './processes.mjs';

/**
 * @param {{ file: string, filter: string, iface?: string, linkType?: string }} o
 * @returns {Promise<{ command: string, stop: () => Promise<{ captured: number, dropped: number }> }>}
 * `dropped` is tcpdump's "dropped by kernel" count; the caller decides what it means.
 */
export async function startTcpdump({ file, filter, iface = 'lo', linkType }) {
  const opts = ['-i', iface, ...(linkType ? ['-y', linkType] : []), '-U', '--immediate-mode', '-B', '8192'];
  const args = [...opts, '-Z', 'root', '-w', file, filter];
  const proc = new Proc('tcpdump', args, { name: `tcpdump -i ${iface}`, timeoutMs: 90_000 });
  await proc.waitFor(/listening on/, 10_000);
  const command = `tcpdump ${opts.join(' ')} -w ${path.basename(file)} '${filter}'`;
  return {
    command,
    async stop() {
      // Let the last packets (the final ACK after a FIN, a RST) reach the capture first.
      await sleep(300);
      await proc.stop('SIGINT', 3000);
      const text = proc.lines.join('\n');
      const captured = Number(/(\d+) packets? captured/.exec(text)?.[1] ?? Number.NaN);
      const dropped = Number(/(\d+) packets? dropped by kernel/.exec(text)?.[1] ?? 0);
      return { captured, dropped };
    },
  };
}
