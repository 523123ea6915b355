// TEST-ONLY: a minimal pcap / pcapng record walker over a whole (decompressed) file, so the decoder
// can be checked against tshark on the corpus without depending on the real format readers.
// It knows just enough: the four pcap magics and the modified (Kuznetzov) variant; pcapng SHB in
// both byte orders, IDB link types per section, EPB, SPB, obsolete PB, and custom blocks, which
// tshark counts as frames. It stops at the first record that does not fit the file.

/** Called once per frame, numbered from 1 like Wireshark; `linkType` is -1 for a non-packet frame. */
export type RecordVisitor = (
  frame: number,
  linkType: number,
  start: number,
  capLen: number,
  origLen: number,
) => void;

export function forEachRecord(bytes: Uint8Array, visit: RecordVisitor): number {
  if (bytes.length < 4) return 0;
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (dv.getUint32(0, true) === 0x0a0d0d0a) return walkPcapng(dv, visit);
  return walkPcap(dv, visit);
}

function walkPcap(dv: DataView, visit: RecordVisitor): number {
  if (dv.byteLength < 24) return 0;
  const magicLe = dv.getUint32(0, true);
  const magicBe = dv.getUint32(0, false);
  const known = [0xa1b2c3d4, 0xa1b23c4d, 0xa1b2cd34];
  const le = known.includes(magicLe);
  if (!le && !known.includes(magicBe)) return 0;
  const magic = le ? magicLe : magicBe;
  const recHeader = magic === 0xa1b2cd34 ? 24 : 16;
  const linkType = dv.getUint32(20, le) & 0x0fffffff;
  let off = 24;
  let frame = 0;
  while (off + recHeader <= dv.byteLength) {
    const capLen = dv.getUint32(off + 8, le);
    const origLen = dv.getUint32(off + 12, le);
    if (off + recHeader + capLen > dv.byteLength) break;
    visit(++frame, linkType, off + recHeader, capLen, origLen);
    off += recHeader + capLen;
  }
  return frame;
}

function walkPcapng(dv: DataView, visit: RecordVisitor): number {
  let off = 0;
  let le = true;
  let links: number[] = [];
  let snaps: number[] = [];
  let frame = 0;
  while (off + 12 <= dv.byteLength) {
    if (dv.getUint32(off, true) === 0x0a0d0d0a) {
      le = dv.getUint32(off + 8, true) === 0x1a2b3c4d;
      links = [];
      snaps = [];
    }
    const type = dv.getUint32(off, le);
    const len = dv.getUint32(off + 4, le);
    if (len < 12 || off + len > dv.byteLength) break;
    const body = off + 8;
    if (type === 1) {
      links.push(dv.getUint16(body, le));
      snaps.push(dv.getUint32(body + 4, le));
    } else if (type === 6 || type === 2) {
      const iface = type === 6 ? dv.getUint32(body, le) : dv.getUint16(body, le);
      visit(++frame, links[iface] ?? -1, body + 20, dv.getUint32(body + 12, le), dv.getUint32(body + 16, le));
    } else if (type === 3) {
      const orig = dv.getUint32(body, le);
      const snap = snaps[0] || 0x7fffffff;
      visit(++frame, links[0] ?? -1, body + 4, Math.min(orig, snap, len - 16), orig);
    } else if (type === 0x00000bad || type === 0x40000bad) {
      visit(++frame, -1, body, 0, 0);
    }
    off += len;
  }
  return frame;
}
