// HTTP/1.1 messages for the generator (RFC 9112): request and status lines, headers, bodies framed by
// Content-Length or chunked transfer coding. A message is a list of parts — literal bytes, or `len`
// bytes of filler text — so a 2 MB response costs a few objects, not 2 MB of memory.

const FILLER_BITS = 16;
const FILLER_MASK = (1 << FILLER_BITS) - 1;

/** 64 KiB of JSON-looking text, the same for every run (bodies are slices of it). */
export function makeFiller(rng) {
  const words = [
    '"id":',
    '"name":',
    '"value":',
    '"items":[',
    ']',
    '{',
    '}',
    ',',
    '"ok"',
    'true',
    'null',
    '"ts":',
  ];
  const out = Buffer.alloc(1 << FILLER_BITS);
  let o = 0;
  while (o < out.length) {
    const w = rng.chance(0.4) ? String(rng.u32() % 100000) : words[rng.int(words.length)];
    o += out.write(w, o, 'latin1');
  }
  return out;
}

const AGENTS = [
  'curl/7.88.1',
  'python-requests/2.31.0',
  'okhttp/4.12.0',
  'Apache-HttpClient/5.2.1 (Java/17.0.8)',
  'Go-http-client/1.1',
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
];
const RESOURCES = ['users', 'orders', 'items', 'search', 'metrics', 'static/app', 'images', 'reports'];
const STATUS = [
  [200, 'OK', 0.86],
  [404, 'Not Found', 0.04],
  [304, 'Not Modified', 0.03],
  [204, 'No Content', 0.02],
  [500, 'Internal Server Error', 0.02],
  [503, 'Service Unavailable', 0.03],
];

function lit(text) {
  const buf = Buffer.from(text, 'latin1');
  return { buf, len: buf.length, seed: 0 };
}

function fill(rng, len) {
  return { buf: null, len, seed: rng.u32() & FILLER_MASK };
}

function message(parts) {
  let len = 0;
  for (const p of parts) len += p.len;
  return { parts, len, part: 0, off: 0, sent: 0 };
}

/** Response body size: mostly small API answers, a long tail of large downloads. */
function bodySize(rng) {
  const u = rng.next();
  if (u < 0.6) return rng.logRange(100, 4000);
  if (u < 0.9) return rng.logRange(4000, 32000);
  if (u < 0.99) return rng.logRange(32000, 256000);
  return rng.logRange(256000, 2000000);
}

export function makeRequest(rng, host) {
  const post = rng.chance(0.15);
  const target = `/api/v${rng.range(1, 3)}/${RESOURCES[rng.int(RESOURCES.length)]}/${rng.u32() % 1000000}${
    rng.chance(0.4) ? `?page=${rng.range(1, 50)}&limit=${rng.range(10, 100)}` : ''
  }`;
  const bodyLen = post ? rng.logRange(50, 20000) : 0;
  let head = `${post ? 'POST' : 'GET'} ${target} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${AGENTS[rng.int(AGENTS.length)]}\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate\r\n`;
  if (rng.chance(0.3))
    head += `Cookie: session=${rng.u32().toString(16)}${'x'.repeat(rng.range(20, 400))}\r\n`;
  if (post) head += `Content-Type: application/json\r\nContent-Length: ${bodyLen}\r\n`;
  head += 'Connection: keep-alive\r\n\r\n';
  const parts = [lit(head)];
  if (bodyLen > 0) parts.push(fill(rng, bodyLen));
  return message(parts);
}

function pickStatus(rng) {
  let u = rng.next();
  for (const s of STATUS) {
    u -= s[2];
    if (u < 0) return s;
  }
  return STATUS[0];
}

/** `close` puts `Connection: close` on the response (the server closes after it, RFC 9112 §9.6). */
export function makeResponse(rng, close) {
  const [code, reason] = pickStatus(rng);
  const noBody = code === 204 || code === 304;
  const size = noBody ? 0 : code === 200 ? bodySize(rng) : rng.range(20, 600);
  const chunked = !noBody && rng.chance(0.15);
  let head = `HTTP/1.1 ${code} ${reason}\r\nServer: nginx/1.24.0\r\nDate: Tue, 14 Nov 2023 22:13:20 GMT\r\nContent-Type: application/json\r\n`;
  head += chunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${size}\r\n`;
  head += close
    ? 'Connection: close\r\n\r\n'
    : `Connection: keep-alive\r\nKeep-Alive: timeout=${rng.range(5, 75)}, max=100\r\n\r\n`;
  const parts = [lit(head)];
  if (chunked) {
    // RFC 9112 §7.1: each chunk is its size in hex, CRLF, data, CRLF; a zero-size chunk ends the body.
    let left = size;
    while (left > 0) {
      const n = Math.min(left, rng.logRange(512, 16384));
      parts.push(lit(`${n.toString(16)}\r\n`), fill(rng, n), lit('\r\n'));
      left -= n;
    }
    parts.push(lit('0\r\n\r\n'));
  } else if (size > 0) {
    parts.push(fill(rng, size));
  }
  return message(parts);
}

/** Copies the message's next `len` bytes to `dest[at..]` and advances it. */
export function takeBytes(msg, filler, dest, at, len) {
  let o = at;
  let left = len;
  while (left > 0) {
    const p = msg.parts[msg.part];
    const n = Math.min(left, p.len - msg.off);
    if (p.buf) {
      p.buf.copy(dest, o, msg.off, msg.off + n);
    } else {
      let k = 0;
      while (k < n) {
        const src = (p.seed + msg.off + k) & FILLER_MASK;
        const m = Math.min(n - k, filler.length - src);
        filler.copy(dest, o + k, src, src + m);
        k += m;
      }
    }
    o += n;
    left -= n;
    msg.off += n;
    if (msg.off === p.len) {
      msg.part++;
      msg.off = 0;
    }
  }
  msg.sent += len;
}
