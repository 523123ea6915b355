// Writes a large, valid pcap for tests that need a load to take a while (Cancel). Generated at test
// time into a temporary file, never committed. Each record is a 54-byte Ethernet/IPv4/TCP frame with
// no payload: small records make many packets per megabyte, the slow case for a reader.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from './page-guard';

const RECORD = 16 + 54;

function globalHeader(): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(0xa1b2c3d4, 0); // microsecond pcap, little-endian
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeUInt32LE(262144, 16); // snaplen
  h.writeUInt32LE(1, 20); // LINKTYPE_ETHERNET
  return h;
}

/** `count` records from client port `40000 + i % 1000` to 10.0.0.2:80, one microsecond apart. */
function block(first: number, count: number): Buffer {
  const b = Buffer.alloc(count * RECORD);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const o = i * RECORD;
    b.writeUInt32LE(1_700_000_000 + Math.floor(n / 1e6), o);
    b.writeUInt32LE(n % 1e6, o + 4);
    b.writeUInt32LE(54, o + 8);
    b.writeUInt32LE(54, o + 12);
    const f = o + 16;
    b.writeUInt16BE(0x0800, f + 12); // EtherType IPv4
    b.writeUInt8(0x45, f + 14); // IPv4, IHL 5
    b.writeUInt16BE(40, f + 16); // total length
    b.writeUInt8(64, f + 22); // TTL
    b.writeUInt8(6, f + 23); // TCP
    b.writeUInt32BE(0x0a000001, f + 26);
    b.writeUInt32BE(0x0a000002, f + 30);
    b.writeUInt16BE(40000 + (n % 1000), f + 34);
    b.writeUInt16BE(80, f + 36);
    b.writeUInt32BE(n, f + 38); // seq
    b.writeUInt8(0x50, f + 46); // data offset 5
    b.writeUInt8(0x10, f + 47); // ACK
    b.writeUInt16BE(65535, f + 48);
  }
  return b;
}

/** Writes a pcap of at least `bytes` bytes to `path`; returns the number of packets. */
export function writeSyntheticPcap(path: string, bytes: number): number {
  const perBlock = 16_384;
  const packets = Math.ceil((bytes - 24) / RECORD / perBlock) * perBlock;
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, globalHeader());
    // Timestamps and ports repeat per block; the reader does not care, and one block reused keeps
    // generation at disk speed.
    const b = block(0, perBlock);
    for (let n = 0; n < packets; n += perBlock) writeSync(fd, b);
  } finally {
    closeSync(fd);
  }
  return packets;
}

/**
 * A synthetic pcap of about `bytes` bytes named big.pcap, written to a temporary folder before the
 * tests of the calling file (or describe block) and removed after them. Returns the file's path
 * (valid once those tests run).
 */
export function syntheticPcapDuringTests(bytes: number): () => string {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wirelens-e2e-'));
    writeSyntheticPcap(path.join(dir, 'big.pcap'), bytes);
  });
  test.afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return () => path.join(dir, 'big.pcap');
}
