// Writes a classic pcap file (draft-ietf-opsawg-pcap §4, §5): a 24-byte file header, then one
// 16-byte record header plus the captured bytes per packet, little-endian. The microsecond magic
// (a1b2c3d4) is used unless some time stamp has digits below the microsecond, then the nanosecond
// magic (a1b23c4d), so no precision the original file had is lost.

/** One packet to write: time since the epoch as whole seconds + nanoseconds, original length, bytes. */
export interface CaptureRecord {
  sec: number;
  /** 0 .. 999 999 999. */
  ns: number;
  /** Length of the packet on the wire (≥ bytes.length). */
  origLen: number;
  /** The captured bytes (the record's caplen is their length). */
  bytes: Uint8Array;
  /** Index into the interfaces given to writePcapng (ignored by writePcap). */
  iface?: number;
}

const MAGIC_US = 0xa1b2c3d4;
const MAGIC_NS = 0xa1b23c4d;
const FILE_HEADER = 24;
const RECORD_HEADER = 16;
/** Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD, what tcpdump writes as the default snaplen. */
export const DEFAULT_SNAPLEN = 262144;

export function needsNanoseconds(records: readonly CaptureRecord[]): boolean {
  return records.some((r) => r.ns % 1000 !== 0);
}

/**
 * A pcap file holding `records` in the given order with link type `linkType` (a LINKTYPE_ value).
 * `snapLen` 0 (pcapng's "no limit") becomes 262144; the header never claims less than the
 * longest record, which readers would otherwise reject.
 */
export function writePcap(records: readonly CaptureRecord[], linkType: number, snapLen: number): Uint8Array {
  const nano = needsNanoseconds(records);
  let size = FILE_HEADER;
  let longest = 0;
  for (const r of records) {
    size += RECORD_HEADER + r.bytes.length;
    longest = Math.max(longest, r.bytes.length);
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, nano ? MAGIC_NS : MAGIC_US, true);
  dv.setUint16(4, 2, true); // version 2.4
  dv.setUint16(6, 4, true);
  // thiszone and sigfigs (offsets 8 and 12) stay 0, as every modern writer leaves them.
  dv.setUint32(16, Math.max(snapLen || DEFAULT_SNAPLEN, longest), true);
  dv.setUint32(20, linkType, true);
  let at = FILE_HEADER;
  for (const r of records) {
    dv.setUint32(at, r.sec >>> 0, true);
    dv.setUint32(at + 4, nano ? r.ns : Math.floor(r.ns / 1000), true);
    dv.setUint32(at + 8, r.bytes.length, true);
    dv.setUint32(at + 12, Math.max(r.origLen, r.bytes.length), true);
    out.set(r.bytes, at + RECORD_HEADER);
    at += RECORD_HEADER + r.bytes.length;
  }
  return out;
}
