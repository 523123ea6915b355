// TEST-ONLY: what tshark 4.0 says about HTTP, per frame, from the committed per-frame oracle
// (testdata/tshark/<capture>.tsv, written by scripts/make-frame-oracle.sh with `-E occurrence=l`, so a
// frame carrying several HTTP messages shows the last one's fields).

export interface OracleHttpFrame {
  frame: number;
  /** tcp.stream, -1 when the frame is not TCP (SSDP over UDP is HTTP too for tshark). */
  stream: number;
  method: string;
  uri: string;
  /** http.response.code, 0 when none. */
  status: number;
  /** http.response_in / http.request_in: the paired frame, 0 when none. */
  responseIn: number;
  requestIn: number;
}

export interface OracleHttp {
  /** Every frame tshark reports an HTTP request in (http.request.method set), ascending. */
  requestFrames: number[];
  responseFrames: number[];
  byFrame: Map<number, OracleHttpFrame>;
}

export function parseHttpOracle(tsv: string): OracleHttp {
  const lines = tsv.split('\n');
  const fields = (lines[0] ?? '').split('\t');
  const col = (name: string): number => {
    const i = fields.indexOf(name);
    if (i < 0) throw new Error(`oracle has no column ${name}`);
    return i;
  };
  const c = {
    frame: col('frame.number'),
    stream: col('tcp.stream'),
    method: col('http.request.method'),
    uri: col('http.request.uri'),
    status: col('http.response.code'),
    responseIn: col('http.response_in'),
    requestIn: col('http.request_in'),
  };
  const out: OracleHttp = { requestFrames: [], responseFrames: [], byFrame: new Map() };
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const v = line.split('\t');
    const f: OracleHttpFrame = {
      frame: Number(v[c.frame]),
      stream: v[c.stream] ? Number(v[c.stream]) : -1,
      method: v[c.method] ?? '',
      uri: v[c.uri] ?? '',
      status: Number(v[c.status] || 0),
      responseIn: Number(v[c.responseIn] || 0),
      requestIn: Number(v[c.requestIn] || 0),
    };
    if (f.method === '' && f.status === 0) continue;
    out.byFrame.set(f.frame, f);
    if (f.method !== '') out.requestFrames.push(f.frame);
    if (f.status !== 0) out.responseFrames.push(f.frame);
  }
  return out;
}

/** Per-frame facts the exception checks need: frame.protocols, tcp.stream, tcp.analysis.lost_segment. */
export function parseFrameFacts(
  tsv: string,
): Map<number, { protocols: string; stream: number; lostSegment: boolean }> {
  const lines = tsv.split('\n').filter((l) => l !== '');
  const fields = (lines[0] ?? '').split('\t');
  const at = (name: string) => fields.indexOf(name);
  const [fi, pi, si, li] = [
    at('frame.number'),
    at('frame.protocols'),
    at('tcp.stream'),
    at('tcp.analysis.lost_segment'),
  ];
  const out = new Map<number, { protocols: string; stream: number; lostSegment: boolean }>();
  for (const line of lines.slice(1)) {
    const v = line.split('\t');
    out.set(Number(v[fi]), {
      protocols: v[pi] ?? '',
      stream: v[si] ? Number(v[si]) : -1,
      lostSegment: (v[li] ?? '') !== '',
    });
  }
  return out;
}
