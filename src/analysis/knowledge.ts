// Facts the diagnoses rely on, taken from ../shared/knowledge/idle-timeouts.md (snapshot up to
// 2026-08; each row there names the source file or page it was read in). Section numbers below
// refer to that file. Exception texts marked `common` are the usual wording of the library, not from
// the knowledge file. Nothing here is language-specific except the short `who` descriptions.
import type { LibraryId } from './types';

export const KNOWLEDGE_FILE = '../shared/knowledge/idle-timeouts.md';

export interface TimeoutFact {
  seconds: number;
  who: { en: string; zh: string };
}

/** §0 and §1: the idle time after which servers and proxies close keep-alive connections with a FIN. */
export const SERVER_IDLE_CLOSE: readonly TimeoutFact[] = [
  {
    seconds: 2,
    who: {
      en: 'the gunicorn default (gthread/gevent workers)',
      zh: 'gunicorn 默认值（gthread/gevent worker）',
    },
  },
  {
    seconds: 5,
    who: {
      en: 'the Apache httpd KeepAliveTimeout default, the uvicorn default, Node.js http.Server up to v25, CloudFront→origin',
      zh: 'Apache httpd 的 KeepAliveTimeout 默认值、uvicorn 默认值、Node.js http.Server（≤ v25）、CloudFront→源站',
    },
  },
  {
    seconds: 6,
    who: {
      en: 'Node.js http.Server up to v25 (5 s + 1 s buffer)',
      zh: 'Node.js http.Server（≤ v25，5 s 加 1 s 缓冲）',
    },
  },
  {
    seconds: 20,
    who: { en: 'the shipped Tomcat server.xml default', zh: 'Tomcat 自带 server.xml 的默认值' },
  },
  { seconds: 30, who: { en: 'the Jetty default', zh: 'Jetty 默认值' } },
  {
    seconds: 60,
    who: {
      en: 'AWS ALB/ELB, Tomcat code default (Spring Boot embedded), Undertow, nginx→upstream',
      zh: 'AWS ALB/ELB、Tomcat 代码默认值（Spring Boot 内嵌）、Undertow、nginx→上游',
    },
  },
  {
    seconds: 65,
    who: {
      en: 'nginx with the stock nginx.conf (keepalive_timeout 65)',
      zh: 'nginx 自带 nginx.conf（keepalive_timeout 65）',
    },
  },
  {
    seconds: 66,
    who: {
      en: 'Node.js http.Server v26+ (65 s + 1 s buffer)',
      zh: 'Node.js http.Server v26+（65 s 加 1 s 缓冲）',
    },
  },
  {
    seconds: 75,
    who: {
      en: 'the nginx built-in default, ingress-nginx, the aiohttp web server',
      zh: 'nginx 内置默认值、ingress-nginx、aiohttp web 服务器',
    },
  },
  { seconds: 120, who: { en: 'IIS or Dart HttpServer', zh: 'IIS 或 Dart HttpServer' } },
  { seconds: 130, who: { en: 'Kestrel (ASP.NET Core)', zh: 'Kestrel（ASP.NET Core）' } },
  { seconds: 180, who: { en: 'the Traefik entrypoint', zh: 'Traefik 入口点' } },
  { seconds: 300, who: { en: 'the Caddy server', zh: 'Caddy 服务器' } },
  { seconds: 400, who: { en: 'Cloudflare (client side)', zh: 'Cloudflare（客户端侧）' } },
  {
    seconds: 600,
    who: { en: 'a Google Cloud load balancer (backend side)', zh: 'Google Cloud 负载均衡（后端侧）' },
  },
  {
    seconds: 610,
    who: { en: 'a Google Cloud load balancer (client side)', zh: 'Google Cloud 负载均衡（客户端侧）' },
  },
  {
    seconds: 900,
    who: {
      en: 'Cloudflare→origin or Linux IPVS (kube-proxy ipvs)',
      zh: 'Cloudflare→源站 或 Linux IPVS（kube-proxy ipvs）',
    },
  },
  { seconds: 3600, who: { en: 'Envoy / Istio', zh: 'Envoy / Istio' } },
];

/** §0, §1 and §4.6: middleboxes that forget an idle connection without a FIN. */
export const SILENT_DROP: readonly TimeoutFact[] = [
  {
    seconds: 240,
    who: {
      en: 'an Azure Load Balancer (4 min default, drops silently)',
      zh: 'Azure 负载均衡（默认 4 分钟，静默丢弃）',
    },
  },
  {
    seconds: 350,
    who: {
      en: 'an AWS NAT gateway or NLB (350 s, answers with RST)',
      zh: 'AWS NAT 网关或 NLB（350 s，回 RST）',
    },
  },
  {
    seconds: 900,
    who: {
      en: 'Linux IPVS / kube-proxy ipvs mode (900 s)',
      zh: 'Linux IPVS / kube-proxy ipvs 模式（900 s）',
    },
  },
  { seconds: 1200, who: { en: 'a Google Cloud NAT (1200 s)', zh: 'Google Cloud NAT（1200 s）' } },
];

/** §0 and §2: client pools that close their own idle connections at this age (healthy side). */
export const CLIENT_POOL_IDLE: readonly TimeoutFact[] = [
  { seconds: 3, who: { en: 'dio (IOHttpClientAdapter)', zh: 'dio（IOHttpClientAdapter）' } },
  {
    seconds: 4,
    who: { en: 'undici / Node fetch or agentkeepalive', zh: 'undici / Node fetch 或 agentkeepalive' },
  },
  {
    seconds: 5,
    who: {
      en: 'httpx, the Node globalAgent or HttpURLConnection',
      zh: 'httpx、Node globalAgent 或 HttpURLConnection',
    },
  },
  {
    seconds: 15,
    who: { en: 'the aiohttp client or Dart HttpClient', zh: 'aiohttp 客户端或 Dart HttpClient' },
  },
  { seconds: 30, who: { en: 'the JDK HttpClient (JDK 20+)', zh: 'JDK HttpClient（JDK 20+）' } },
  { seconds: 60, who: { en: '.NET SocketsHttpHandler (.NET 6+)', zh: '.NET SocketsHttpHandler（.NET 6+）' } },
  { seconds: 90, who: { en: "Go's http.DefaultTransport", zh: 'Go 的 http.DefaultTransport' } },
  { seconds: 115, who: { en: 'Firefox', zh: 'Firefox' } },
  { seconds: 118, who: { en: 'libcurl (CURLOPT_MAXAGE_CONN)', zh: 'libcurl（CURLOPT_MAXAGE_CONN）' } },
  {
    seconds: 180,
    who: {
      en: 'Apache HttpClient 5 (keep-alive without header)',
      zh: 'Apache HttpClient 5（无 Keep-Alive 头时）',
    },
  },
  { seconds: 300, who: { en: 'OkHttp (5 min)', zh: 'OkHttp（5 分钟）' } },
  { seconds: 1200, who: { en: 'the JDK HttpClient (JDK 11–19)', zh: 'JDK HttpClient（JDK 11–19）' } },
];

/** Looks an observed idle time up in a table: the nearest entry within max(0.6 s, 5 %). */
export function matchTimeout(table: readonly TimeoutFact[], seconds: number): TimeoutFact | null {
  let best: TimeoutFact | null = null;
  for (const f of table) {
    const tol = Math.max(0.6, 0.05 * f.seconds);
    if (
      Math.abs(seconds - f.seconds) <= tol &&
      (!best || Math.abs(seconds - f.seconds) < Math.abs(seconds - best.seconds))
    )
      best = f;
  }
  return best;
}

/** RFC 9110 §9.2.2: idempotent methods (the safe ones plus PUT and DELETE). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'OPTIONS',
  'TRACE',
  'PUT',
  'DELETE',
]);

export const LIBRARY_NAMES: Record<LibraryId, string> = {
  okhttp: 'OkHttp',
  httpclient4: 'Apache HttpClient 4.x',
  httpclient5: 'Apache HttpClient 5.x',
  resttemplate: 'Spring RestTemplate / RestClient',
  webclient: 'Spring WebClient (Reactor Netty)',
  'java-httpclient': 'Java HttpClient (java.net.http)',
  go: 'Go net/http',
  'node-http': 'Node.js http.Agent',
  undici: 'undici / Node fetch',
  axios: 'axios',
  requests: 'Python requests / urllib3',
  aiohttp: 'aiohttp',
  httpx: 'httpx',
  dotnet: '.NET HttpClient (SocketsHttpHandler)',
  dart: 'Dart HttpClient / dio',
};

/** What a client logs, by situation. */
export type Situation =
  | 'closed-no-response'
  | 'reset'
  | 'refused'
  | 'read-timeout'
  | 'connect-timeout'
  | 'bad-gateway';

/**
 * §2 "Error seen on reuse" gives closed-no-response (plus the scenario logs for curl/python). The other
 * situations use the libraries' usual messages (`common`, not from the knowledge file).
 */
export const EXCEPTIONS: Record<Situation, Record<LibraryId, string>> = {
  'closed-no-response': {
    okhttp:
      'java.io.IOException: unexpected end of stream on Connection{…} (caused by java.io.EOFException: \\n not found)',
    httpclient4: 'org.apache.http.NoHttpResponseException: The target server failed to respond',
    httpclient5: 'org.apache.hc.core5.http.NoHttpResponseException / ConnectionClosedException',
    resttemplate:
      'ResourceAccessException: I/O error on … request: … failed to respond (HttpURLConnection: java.net.SocketException: Unexpected end of file from server)',
    webclient:
      'reactor.netty.http.client.PrematureCloseException: Connection prematurely closed BEFORE response',
    'java-httpclient': 'java.io.IOException: HTTP/1.1 header parser received no bytes',
    go: 'http: server closed idle connection / EOF (retried silently for GET/HEAD/OPTIONS/TRACE)',
    'node-http': 'Error: socket hang up (code ECONNRESET)',
    undici: 'TypeError: fetch failed (cause: SocketError: other side closed)',
    axios: 'AxiosError: socket hang up (code ECONNRESET)',
    requests:
      "requests.exceptions.ConnectionError: ('Connection aborted.', RemoteDisconnected('Remote end closed connection without response'))",
    aiohttp: 'aiohttp.ServerDisconnectedError: Server disconnected',
    httpx: 'httpx.RemoteProtocolError: Server disconnected without sending a response.',
    dotnet:
      'HttpRequestException → IOException: … An existing connection was forcibly closed by the remote host',
    dart: 'HttpException: Connection closed before full header was received (wording unconfirmed)',
  },
  reset: {
    okhttp: 'java.net.SocketException: Connection reset',
    httpclient4: 'java.net.SocketException: Connection reset',
    httpclient5: 'java.net.SocketException: Connection reset',
    resttemplate: 'ResourceAccessException: I/O error on … request: Connection reset',
    webclient:
      'PrematureCloseException, or NativeIoException: recvAddress(..) failed: Connection reset by peer',
    'java-httpclient': 'java.io.IOException: Connection reset',
    go: 'read tcp …: read: connection reset by peer',
    'node-http': 'Error: read ECONNRESET',
    undici: 'TypeError: fetch failed (cause: SocketError: other side closed / ECONNRESET)',
    axios: 'AxiosError: read ECONNRESET',
    requests:
      "ConnectionError: ('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))",
    aiohttp: 'aiohttp.ClientOSError: [Errno 104] Connection reset by peer',
    httpx: 'httpx.ReadError: [Errno 104] Connection reset by peer',
    dotnet:
      'HttpRequestException → IOException: Unable to read data from the transport connection: Connection reset by peer',
    dart: 'SocketException: Connection reset by peer (OS Error: Connection reset by peer, errno = 104)',
  },
  refused: {
    okhttp: 'java.net.ConnectException: Failed to connect to /host:port (Connection refused)',
    httpclient4:
      'org.apache.http.conn.HttpHostConnectException: Connect to host:port failed: Connection refused',
    httpclient5:
      'org.apache.hc.client5.http.HttpHostConnectException: Connect to http://host:port failed: Connection refused',
    resttemplate: 'ResourceAccessException: I/O error on … request: Connection refused',
    webclient: 'WebClientRequestException: Connection refused: host/ip:port',
    'java-httpclient': 'java.net.ConnectException (often with no message)',
    go: 'dial tcp host:port: connect: connection refused',
    'node-http': 'Error: connect ECONNREFUSED host:port',
    undici: 'TypeError: fetch failed (cause: Error: connect ECONNREFUSED host:port)',
    axios: 'AxiosError: connect ECONNREFUSED host:port',
    requests: 'ConnectionError: … NewConnectionError(… [Errno 111] Connection refused)',
    aiohttp: 'aiohttp.ClientConnectorError: Cannot connect to host host:port',
    httpx: 'httpx.ConnectError: [Errno 111] Connection refused',
    dotnet: 'HttpRequestException: Connection refused (host:port) / "actively refused it" on Windows',
    dart: 'SocketException: Connection refused (OS Error: Connection refused, errno = 111)',
  },
  'read-timeout': {
    okhttp: 'java.net.SocketTimeoutException: timeout / Read timed out',
    httpclient4: 'java.net.SocketTimeoutException: Read timed out',
    httpclient5: 'java.net.SocketTimeoutException: Read timed out',
    resttemplate: 'ResourceAccessException: I/O error on … request: Read timed out',
    webclient: 'io.netty.handler.timeout.ReadTimeoutException (with responseTimeout: TimeoutException)',
    'java-httpclient': 'java.net.http.HttpTimeoutException: request timed out',
    go: 'context deadline exceeded (Client.Timeout exceeded while awaiting headers) / read: connection timed out',
    'node-http': 'Error: read ETIMEDOUT',
    undici: 'HeadersTimeoutError / BodyTimeoutError, or ETIMEDOUT',
    axios: 'AxiosError: timeout of …ms exceeded (ECONNABORTED) / read ETIMEDOUT',
    requests: "requests.exceptions.ReadTimeout / ConnectionError(TimeoutError(110, 'Connection timed out'))",
    aiohttp: 'asyncio.TimeoutError / aiohttp.ServerTimeoutError',
    httpx: 'httpx.ReadTimeout',
    dotnet:
      'TaskCanceledException: The request was canceled due to the configured HttpClient.Timeout … elapsing',
    dart: 'SocketException: Connection timed out / DioException (receiveTimeout)',
  },
  'connect-timeout': {
    okhttp: 'java.net.SocketTimeoutException: connect timed out',
    httpclient4:
      'org.apache.http.conn.ConnectTimeoutException: Connect to host:port failed: connect timed out',
    httpclient5:
      'org.apache.hc.client5.http.ConnectTimeoutException: Connect to host:port failed: connect timed out',
    resttemplate: 'ResourceAccessException: I/O error on … request: connect timed out',
    webclient: 'ConnectTimeoutException: connection timed out: host/ip:port',
    'java-httpclient': 'java.net.http.HttpConnectTimeoutException: HTTP connect timed out',
    go: 'dial tcp host:port: i/o timeout',
    'node-http': 'Error: connect ETIMEDOUT host:port',
    undici: 'ConnectTimeoutError: Connect Timeout Error',
    axios: 'AxiosError: connect ETIMEDOUT host:port',
    requests: 'requests.exceptions.ConnectTimeout',
    aiohttp: 'aiohttp.ConnectionTimeoutError / ServerTimeoutError',
    httpx: 'httpx.ConnectTimeout',
    dotnet: 'TaskCanceledException / SocketException: Connection timed out',
    dart: 'SocketException: Connection timed out / DioException (connectionTimeout)',
  },
  'bad-gateway': {
    okhttp: 'response.code == 502 (no exception)',
    httpclient4: 'HTTP/1.1 502 Bad Gateway status (no exception)',
    httpclient5: 'HTTP/1.1 502 Bad Gateway status (no exception)',
    resttemplate: 'HttpServerErrorException$BadGateway: 502 Bad Gateway',
    webclient: 'WebClientResponseException$BadGateway: 502 Bad Gateway',
    'java-httpclient': 'response.statusCode() == 502 (no exception)',
    go: 'resp.StatusCode == 502 (err == nil)',
    'node-http': 'res.statusCode === 502 (no error)',
    undici: 'response.status === 502 (fetch resolves)',
    axios: 'AxiosError: Request failed with status code 502',
    requests: 'r.status_code == 502; raise_for_status(): HTTPError: 502 Server Error: Bad Gateway',
    aiohttp: 'resp.status == 502; raise_for_status(): ClientResponseError: 502, message=Bad Gateway',
    httpx: 'r.status_code == 502; raise_for_status(): HTTPStatusError: Server error 502 Bad Gateway',
    dotnet:
      'HttpRequestException: Response status code does not indicate success: 502 (Bad Gateway) (EnsureSuccessStatusCode)',
    dart: 'DioException [bad response]: status code 502 (HttpClient: statusCode 502)',
  },
};

/** What servers log when the client resets mid-response (client-abort-unread-response); `common` wording. */
export const SERVER_RESET_LOGS: readonly string[] = [
  'Tomcat/Spring: org.apache.catalina.connector.ClientAbortException: java.io.IOException: Broken pipe / Connection reset by peer',
  'nginx: writev() failed (104: Connection reset by peer) while sending to client (status 499 if before the response)',
  'Node.js: Error: write EPIPE / read ECONNRESET',
  'Go: write tcp …: write: broken pipe / connection reset by peer',
  'Python: BrokenPipeError / ConnectionResetError: [Errno 104] Connection reset by peer',
];

/** §2: what each client does about a failed request on a reused connection (facts for the retry texts). */
export const AUTO_RETRY: Record<
  LibraryId,
  'any-method' | 'idempotent' | 'post-once' | 'none' | 'before-send'
> = {
  okhttp: 'any-method',
  httpclient4: 'idempotent',
  httpclient5: 'idempotent',
  resttemplate: 'post-once',
  webclient: 'before-send',
  'java-httpclient': 'idempotent',
  go: 'idempotent',
  'node-http': 'none',
  undici: 'none',
  axios: 'none',
  requests: 'none',
  aiohttp: 'idempotent',
  httpx: 'none',
  dotnet: 'before-send',
  dart: 'none',
};

/** A client pool idle time a few seconds below the path's smallest idle timeout (§3). */
export function recommendedPoolIdle(serverSeconds: number): number {
  if (!Number.isFinite(serverSeconds) || serverSeconds <= 0) return 4;
  if (serverSeconds <= 5) return Math.max(1, Math.floor(serverSeconds - 1));
  return Math.max(4, Math.floor(serverSeconds * 0.75));
}
