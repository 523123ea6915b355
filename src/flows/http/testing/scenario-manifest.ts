// TEST-ONLY: the HTTP key packets of a scenario manifest (../shared/scenarios/*/manifest.json): for each
// TCP stream, requests ("GET /f/1") and responses ("HTTP 200") at the frames tshark reports them, in order.

export interface ManifestHttp {
  stream: number;
  frame: number;
  name: string;
  kind: 'request' | 'response';
  method?: string;
  target?: string;
  status?: number;
}

interface RawKeyPacket {
  frame?: number;
  name?: string;
  http?: string | null;
}

interface RawFlow {
  tcp_stream?: number;
  key_packets?: RawKeyPacket[];
}

export function manifestHttp(json: string): ManifestHttp[] {
  const m = JSON.parse(json) as { flows?: RawFlow[] };
  const out: ManifestHttp[] = [];
  for (const flow of m.flows ?? []) {
    for (const k of flow.key_packets ?? []) {
      if (
        typeof k.http !== 'string' ||
        k.http === '' ||
        flow.tcp_stream === undefined ||
        k.frame === undefined
      )
        continue;
      const base = { stream: flow.tcp_stream, frame: k.frame, name: k.name ?? '' };
      const status = /^HTTP (\d{3})$/.exec(k.http);
      if (status) {
        out.push({ ...base, kind: 'response', status: Number(status[1]) });
      } else {
        const sp = k.http.indexOf(' ');
        out.push({ ...base, kind: 'request', method: k.http.slice(0, sp), target: k.http.slice(sp + 1) });
      }
    }
  }
  return out.sort((a, b) => a.stream - b.stream || a.frame - b.frame);
}
