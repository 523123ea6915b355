// English texts. Facts (timeouts, defaults, exception texts) come from knowledge.ts, which cites
// ../shared/knowledge/idle-timeouts.md; the sentences are ours, in the style of the seed write-ups:
// packet numbers tied to what each side did and knew, then the fix.
import type { IdleTimeoutEstimate } from '../infer-idle-timeouts';
import { SEVERITY } from '../labels';
import { isNum, seconds, streamList } from './format';
import type { FixTexts, TextArgs, TextPack } from './types';

const fr = (n: number | undefined): string => (n === undefined ? 'a frame not in the capture' : `frame ${n}`);
const side = (s: string): string => (s === 'server' ? 'server' : s === 'client' ? 'client' : 'both sides');
const req = (a: TextArgs): string => {
  const m = a.ctx('method');
  const t = a.ctx('target');
  return m ? `${m} ${t}`.trim() : 'its request';
};
const conns = (a: TextArgs): string =>
  a.streams.length > 1
    ? `${a.streams.length} connections (streams ${streamList(a.streams)})`
    : `stream ${a.streams[0]}`;
const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function serverTimerSentence(a: TextArgs): string {
  const e = a.serverIdle;
  if (e?.seconds != null && e.samples > 1) {
    const who = e.match ? `: ${e.match.who.en}` : '';
    return ` This server closes idle keep-alive connections after ${seconds(e.seconds)} (seen on ${e.samples} connections in this capture${who}).`;
  }
  if (a.serverMatch)
    return ` ${seconds(a.num('idleBeforeFinSeconds'))} matches ${a.serverMatch.who.en} (or a server configured the same way).`;
  return '';
}

function headerSentence(a: TextArgs): string {
  const h = a.serverIdle?.keepAliveHeader;
  return h != null ? ` The server announced it in its responses: Keep-Alive: timeout=${h}.` : '';
}

const poolIdle: FixTexts = {
  okhttp: (p) =>
    `Evict idle connections before the server does: OkHttpClient.Builder().connectionPool(ConnectionPool(5, ${p.idle}, TimeUnit.SECONDS)) (the default keeps them 5 minutes).`,
  httpclient4: (p) =>
    `HttpClient 4.x never evicts idle connections by itself: cm.setValidateAfterInactivity(1000); HttpClients.custom().setConnectionManager(cm).evictIdleConnections(${p.idle}, TimeUnit.SECONDS).setKeepAliveStrategy((r, c) -> ${p.idle}_000).build().`,
  httpclient5: (p) =>
    `PoolingHttpClientConnectionManagerBuilder.create().setDefaultConnectionConfig(ConnectionConfig.custom().setValidateAfterInactivity(TimeValue.ofSeconds(1)).setTimeToLive(TimeValue.ofMinutes(5)).build()).build(), and HttpClients.custom()….evictIdleConnections(TimeValue.ofSeconds(${p.idle})).build().`,
  resttemplate: (p) =>
    `Back RestTemplate with a pooled Apache HttpClient 5: new RestTemplate(new HttpComponentsClientHttpRequestFactory(httpClient)) with evictIdleConnections(TimeValue.ofSeconds(${p.idle})) and validateAfterInactivity 1 s; with the default HttpURLConnection, -Dhttp.keepAlive.time.server=${Math.min(p.idle, 4)}.`,
  webclient: (p) =>
    `Reactor Netty has no max idle time by default: HttpClient.create(ConnectionProvider.builder("api").maxIdleTime(Duration.ofSeconds(${p.idle})).maxLifeTime(Duration.ofMinutes(5)).evictInBackground(Duration.ofSeconds(30)).build()) passed to new ReactorClientHttpConnector(...).`,
  'java-httpclient': (p) =>
    `-Djdk.httpclient.keepalive.timeout=${p.idle} (the default is 1200 s on JDK 11–19, 30 s from JDK 20).`,
  go: (p) =>
    `tr := http.DefaultTransport.(*http.Transport).Clone(); tr.IdleConnTimeout = ${p.idle} * time.Second (DefaultTransport keeps idle connections 90 s; a zero Transport forever).`,
  'node-http': (p) =>
    `new http.Agent({ keepAlive: true, timeout: ${p.idle * 1000} }); Node also honours the server's Keep-Alive: timeout hint.`,
  undici: (p) =>
    `setGlobalDispatcher(new Agent({ keepAliveTimeout: ${p.idle * 1000}, keepAliveMaxTimeout: ${Math.max(p.idle, 15) * 1000} })) (undici's default is 4 s).`,
  axios: (p) =>
    `axios.create({ httpAgent: new http.Agent({ keepAlive: true, timeout: ${p.idle * 1000} }), httpsAgent: new https.Agent({ keepAlive: true, timeout: ${p.idle * 1000} }) }).`,
  requests: () =>
    "requests/urllib3 has no idle timer (urllib3 only discards sockets it finds already closed at checkout): keep the server's idle timeout above your request interval, or close the Session after long pauses.",
  aiohttp: (p) =>
    `aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=${p.idle})) (default 15 s).`,
  httpx: (p) => `httpx.Client(limits=httpx.Limits(keepalive_expiry=${p.idle})) (default 5 s).`,
  dotnet: (p) =>
    `new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(${p.idle}), PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) (default idle 1 min).`,
  dart: (p) =>
    `HttpClient()..idleTimeout = Duration(seconds: ${p.idle}); dio: IOHttpClientAdapter(createHttpClient: () => HttpClient()..idleTimeout = Duration(seconds: ${p.idle})).`,
};

const retrySafe: FixTexts = {
  okhttp: () =>
    'OkHttp retries a failed pooled connection for any method (retryOnConnectionFailure = true); turn it off for non-idempotent calls you cannot replay.',
  httpclient4: () =>
    'DefaultHttpRequestRetryHandler retries GET/HEAD/DELETE/OPTIONS/TRACE even after sending, POST/PUT only if not fully sent; give POSTs an idempotency key before enabling requestSentRetryEnabled.',
  httpclient5: () =>
    'DefaultHttpRequestRetryStrategy retries idempotent methods once after 1 s (and on 429/503); keep non-idempotent requests out of it.',
  resttemplate: () =>
    'The default HttpURLConnection re-sends a POST once by itself (sun.net.http.retryPost=true): set -Dsun.net.http.retryPost=false or use setFixedLengthStreamingMode, and retry idempotent calls explicitly (Spring Retry).',
  webclient: () =>
    'Reactor Netty retries only before the request is sent; add .retryWhen(Retry.backoff(1, Duration.ofMillis(100)).filter(e -> e instanceof PrematureCloseException)) on idempotent calls.',
  'java-httpclient': () =>
    'The JDK client retries idempotent requests once; jdk.httpclient.enableAllMethodRetry stays false for POST.',
  go: () =>
    'net/http replays a request on a reused connection only when it is replayable (GET/HEAD/OPTIONS/TRACE or an Idempotency-Key header, with GetBody set for a body).',
  'node-http': () =>
    "Node never retries: retry when err.code === 'ECONNRESET' && req.reusedSocket, for idempotent methods only.",
  undici: () => 'undici does not replay a sent request; use its RetryAgent for idempotent methods.',
  axios: () =>
    'axios does not retry; wrap idempotent calls in a retry (e.g. axios-retry with its idempotent-only condition).',
  requests: () =>
    'requests retries nothing by default (max_retries=0): HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.2)) retries idempotent methods only.',
  aiohttp: () =>
    'aiohttp ≥ 3.10 retries once on a reused connection for idempotent methods; retry others yourself only with an idempotency key.',
  httpx: () =>
    'httpx retries connect errors only (transport retries=…); retry idempotent requests on RemoteProtocolError yourself.',
  dotnet: () =>
    'SocketsHttpHandler retries on a pooled connection that fails before any response byte; add Polly retries for idempotent calls.',
  dart: () =>
    'Neither HttpClient nor dio retries; add a retry interceptor for idempotent requests (e.g. dio_smart_retry).',
};

const connect: FixTexts = {
  okhttp: () =>
    'A refused port is not retried usefully by OkHttp (it only tries other addresses); retry the call with backoff once the service is up.',
  httpclient4: () =>
    'HttpHostConnectException is not retried by DefaultHttpRequestRetryHandler; retry with backoff and fail fast: RequestConfig.custom().setConnectTimeout(5000).',
  httpclient5: () =>
    'ConnectException is not retried by default; retry with backoff, ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).',
  resttemplate: () =>
    'Catch ResourceAccessException (cause ConnectException) and retry with backoff (Spring Retry @Retryable).',
  webclient: () =>
    'Add .retryWhen(Retry.backoff(3, Duration.ofMillis(200)).filter(e -> e instanceof WebClientRequestException)).',
  'java-httpclient': () =>
    'Catch java.net.ConnectException and retry with backoff; HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).',
  go: () =>
    'Check errors.Is(err, syscall.ECONNREFUSED) and retry with backoff; a refused dial is never sent, so any method is safe to retry.',
  'node-http': () => "Retry on err.code === 'ECONNREFUSED' with backoff: nothing was sent.",
  undici: () => "Retry on cause.code === 'ECONNREFUSED' with backoff (undici RetryAgent covers it).",
  axios: () => "Retry on error.code === 'ECONNREFUSED' with backoff.",
  requests: () =>
    'HTTPAdapter(max_retries=Retry(connect=3, backoff_factor=0.5)) retries refused connections for any method: nothing was sent.',
  aiohttp: () => 'Catch aiohttp.ClientConnectorError and retry with backoff.',
  httpx: () => 'httpx.HTTPTransport(retries=3) retries connect errors (ConnectError) for any method.',
  dotnet: () =>
    'Catch HttpRequestException with SocketError.ConnectionRefused and retry with backoff (Polly).',
  dart: () =>
    'Catch SocketException (Connection refused) / DioExceptionType.connectionError and retry with backoff.',
};

const readBody: FixTexts = {
  okhttp: () =>
    'Always close the response: response.use { it.body?.string() }; to abandon a download on purpose, call.cancel().',
  httpclient4: () =>
    'EntityUtils.consume(response.getEntity()) and response.close() in finally; reuse one CloseableHttpClient and close it at shutdown.',
  httpclient5: () =>
    'Use try-with-resources and EntityUtils.consume(response.getEntity()) (or a response handler); client.close(CloseMode.GRACEFUL) at shutdown.',
  resttemplate: () =>
    'Read the body to the end before closing (execute(..., ResponseExtractor)); with HttpURLConnection read getInputStream() to EOF before disconnect().',
  webclient: () =>
    'Always consume or release the body: retrieve().bodyToMono(...) or exchangeToMono(r -> r.releaseBody()...).',
  'java-httpclient': () =>
    'Use BodyHandlers.ofString()/ofByteArray(), or read the ofInputStream() stream to the end and close it.',
  go: () =>
    'defer resp.Body.Close() and io.Copy(io.Discard, resp.Body) before closing, so the connection is reused and closed cleanly.',
  'node-http': () =>
    'Consume every response (res.resume() if you do not need it) and close sockets you no longer use.',
  undici: () =>
    'Consume or cancel every body: await res.body.text() / res.body.dump(); fetch: await res.arrayBuffer() or res.body.cancel().',
  axios: () => "With responseType: 'stream', read the stream to the end or destroy it deliberately.",
  requests: () =>
    'Use with session.get(url, stream=True) as r: and read r.content (or r.close()); reuse one Session and close it at exit.',
  aiohttp: () => 'async with session.get(url) as r: await r.read(); close the ClientSession at shutdown.',
  httpx: () => 'with client.stream(...) as r: r.read(); close the Client (with httpx.Client() as client:).',
  dotnet: () =>
    'Dispose every HttpResponseMessage (using var resp = …) after reading the content; reuse one HttpClient.',
  dart: () =>
    'Drain every response (await response.drain()) or read it fully; dio ResponseType.stream must be consumed; close the HttpClient when done.',
};

const timeouts: FixTexts = {
  okhttp: () =>
    'Bound every call: .connectTimeout(5, SECONDS).readTimeout(30, SECONDS).callTimeout(60, SECONDS).',
  httpclient4: () =>
    'RequestConfig.custom().setConnectTimeout(5000).setSocketTimeout(30000); SocketConfig.custom().setSoKeepAlive(true).',
  httpclient5: () =>
    'ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30)); SocketConfig.custom().setSoKeepAlive(true).',
  resttemplate: () =>
    'factory.setConnectTimeout(5000); factory.setReadTimeout(30000) on the request factory.',
  webclient: () =>
    'HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000).option(ChannelOption.SO_KEEPALIVE, true).responseTimeout(Duration.ofSeconds(30)).',
  'java-httpclient': () =>
    'HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)) and HttpRequest.newBuilder().timeout(Duration.ofSeconds(30)).',
  go: () =>
    '&http.Client{Timeout: 30 * time.Second} with a net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}.',
  'node-http': () => 'req.setTimeout(30000) and socket.setKeepAlive(true, 30000) (or Agent keepAliveMsecs).',
  undici: () => 'new Agent({ connect: { timeout: 5000 }, headersTimeout: 30000, bodyTimeout: 30000 }).',
  axios: () => 'axios.create({ timeout: 30000 }) plus an agent with keepAlive.',
  requests: () => 'requests has no default timeout: always pass timeout=(5, 30).',
  aiohttp: () => 'aiohttp.ClientTimeout(total=60, connect=5, sock_read=30).',
  httpx: () => 'httpx.Timeout(30.0, connect=5.0) (the default is 5 s for everything).',
  dotnet: () =>
    'SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) } and HttpClient.Timeout = TimeSpan.FromSeconds(30).',
  dart: () =>
    'HttpClient()..connectionTimeout = Duration(seconds: 5); dio: BaseOptions(connectTimeout: …, receiveTimeout: …).',
};

const sendBody: FixTexts = {
  okhttp: () =>
    'Send the parameters as a body: .post(json.toRequestBody("application/json".toMediaType())); OkHttp itself never half-closes.',
  httpclient4: () =>
    'post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON)) (or UrlEncodedFormEntity); use HttpGet for a query-only call.',
  httpclient5: () =>
    'post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON)); use HttpGet for a query-only call.',
  resttemplate: () =>
    'HttpHeaders h = new HttpHeaders(); h.setContentType(MediaType.APPLICATION_JSON); restTemplate.postForObject(url, new HttpEntity<>(json, h), String.class) — or a form body, or GET; prefer HttpComponentsClientHttpRequestFactory over HttpURLConnection.',
  webclient: () => 'webClient.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(json).',
  'java-httpclient': () =>
    'HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json)).',
  go: () =>
    'http.NewRequest("POST", url, bytes.NewReader(body)) with a Content-Type; never CloseWrite() the connection before reading the response.',
  'node-http': () =>
    'Write the body and call req.end(body) with a Content-Type; do not socket.end() before the response.',
  undici: () =>
    "fetch(url, { method: 'POST', body: JSON.stringify(data), headers: { 'content-type': 'application/json' } }).",
  axios: () =>
    'axios.post(url, data) sends a JSON body; for a query-only call use axios.get(url, { params }).',
  requests: () =>
    'requests.post(url, json=data) (or data=form); use requests.get(url, params=…) for a query-only call.',
  aiohttp: () => 'session.post(url, json=data).',
  httpx: () => 'client.post(url, json=data).',
  dotnet: () =>
    'client.PostAsync(url, JsonContent.Create(data)) (or new StringContent(json, Encoding.UTF8, "application/json")).',
  dart: () => "dio.post(url, data: data, options: Options(contentType: 'application/json')).",
};

const closeClean: FixTexts = {
  okhttp: () =>
    'Share one OkHttpClient; at shutdown client.dispatcher.executorService.shutdown() and client.connectionPool.evictAll().',
  httpclient4: () =>
    'Create one CloseableHttpClient for the application (it is thread-safe), close responses after use and the client at shutdown — a client per request left to the GC closes its sockets in bursts.',
  httpclient5: () => 'One CloseableHttpClient per application; client.close(CloseMode.GRACEFUL) at shutdown.',
  resttemplate: () =>
    'Reuse one RestTemplate with a pooled factory; with HttpURLConnection read each stream to the end instead of relying on disconnect() or GC.',
  webclient: () =>
    'Reuse one WebClient; dispose the ConnectionProvider at shutdown (provider.disposeLater()).',
  'java-httpclient': () => 'Reuse one HttpClient; on JDK 21+ call client.close() (or shutdown()) at exit.',
  go: () => 'Reuse one http.Client; at shutdown tr.CloseIdleConnections(); always close response bodies.',
  'node-http': () =>
    'Reuse one Agent; agent.destroy() at shutdown; end requests and consume responses instead of destroying sockets.',
  undici: () => 'Reuse one dispatcher; await agent.close() at shutdown (not agent.destroy()).',
  axios: () => 'Reuse one axios instance with one agent; destroy the agent only at shutdown.',
  requests: () => 'Reuse one Session and close it at exit; close every streamed response.',
  aiohttp: () => 'One ClientSession per application; await session.close() at shutdown.',
  httpx: () => 'One Client per application, closed at shutdown (with httpx.Client() as client:).',
  dotnet: () =>
    'One long-lived HttpClient (or IHttpClientFactory); dispose responses, not a client per request.',
  dart: () => 'Reuse one HttpClient / Dio; client.close() (not close(force: true)) at shutdown.',
};

const idleAt = (a: TextArgs): string =>
  isNum(a.num('idleBeforeFinSeconds')) ? seconds(a.num('idleBeforeFinSeconds')) : 'some time';

export const en: TextPack = {
  labels: {
    healthy: 'healthy',
    'stale-keepalive-reuse': 'stale keep-alive reuse',
    'keepalive-race': 'keep-alive race',
    'client-idle-close': 'client closed an idle connection',
    'retry-after-reset': 'silent retry after a failure',
    'connection-refused': 'connection refused',
    'upstream-refused-502': 'proxy error from a failed upstream',
    'no-response': 'no response',
    'empty-post-reset': 'empty POST reset',
    'client-abort-unread-response': 'client aborted with unread response',
    'close-wait-leak': 'CLOSE_WAIT leak',
    'reset-burst': 'burst of closes',
    'server-crash': 'server crash',
    'retransmission-timeout': 'retransmission timeout',
    'zero-window': 'zero window',
    'abortive-close': 'abortive close (RST)',
    'silent-idle-drop': 'idle connection dropped by a middlebox',
  },
  rules: {
    'stale-keepalive-reuse': {
      title: (a) =>
        `Stale keep-alive connection reused: ${req(a)} sent ${seconds(a.num('finToRequestSeconds'))} after the server had closed it`,
      explanation: (a) =>
        `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. The server's last response ended at ${fr(a.frame('lastResponse'))}; the connection then sat idle, and ${idleAt(a)} later, at ${fr(a.frame('serverFin'))}, the server closed it with a FIN: its keep-alive idle timeout.${serverTimerSentence(a)}${headerSentence(a)} ` +
        `The client's kernel acknowledged the FIN (${fr(a.frame('finAck'))}), so the client's socket went to CLOSE_WAIT, but the client's connection pool did not notice and kept the connection as reusable. ` +
        `${seconds(a.num('finToRequestSeconds'))} after the FIN — far longer than the round trip (${seconds(a.num('rttSeconds'))}) — the client wrote ${req(a)} on that half-closed connection (${fr(a.frame('request'))}). ` +
        (a.variant === 'rst'
          ? `The server's kernel answered with RST (${fr(a.frame('rst'))}): no process owns that socket any more. `
          : 'The server could not answer: it had already closed its side. ') +
        "The request was never processed; the client got an empty reply or a reset. The fix is on the client: close pooled connections before the server does (a pool idle time below the server's) or validate connections that sat idle before reusing them, and retry only idempotent requests.",
      serverFix: (a) =>
        `Keep the server's idle timeout longer than the clients' pool idle time (Tomcat keepAliveTimeout, nginx keepalive_timeout, Node server.keepAliveTimeout)${a.serverIdle?.seconds != null ? `; today it is about ${seconds(a.serverIdle.seconds)}` : ''}, and send Keep-Alive: timeout=N so clients that honour it (HttpClient 4/5, HttpURLConnection, Node) expire the connection first.`,
    },
    'keepalive-race': {
      title: (a) =>
        a.variant === 'crossed'
          ? `Keep-alive race: the request and the server's FIN crossed on the wire`
          : `Keep-alive race: request sent ${seconds(a.num('finToRequestSeconds'))} after the server's FIN`,
      explanation: (a) => {
        const idle = a.num('idleBeforeFinSeconds');
        const why =
          isNum(idle) && idle < 0.5
            ? ` It closed only ${seconds(idle)} after its last response (${fr(a.frame('lastResponse'))}) without a Connection: close header: most likely a per-connection request limit (Apache MaxKeepAliveRequests, nginx keepalive_requests, Tomcat maxKeepAliveRequests), not an idle timer.`
            : ` That was ${seconds(idle)} after its last response (${fr(a.frame('lastResponse'))}): its keep-alive idle timeout.${serverTimerSentence(a)}`;
        const timing =
          a.variant === 'crossed'
            ? `The client's ${req(a)} (${fr(a.frame('request'))}) was already on its way when the FIN was sent (the FIN does not acknowledge it): they crossed in flight.`
            : `The client's ${req(a)} followed at ${fr(a.frame('request'))}, only ${seconds(a.num('finToRequestSeconds'))} after the FIN — within one round trip plus a few ms (${seconds(a.num('raceWindowSeconds'))}): the request was written before the client could have seen the FIN.`;
        return (
          `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. At ${fr(a.frame('serverFin'))} the server closed the kept-alive connection with a FIN.${why} ${timing} ` +
          (a.frame('rst') !== undefined
            ? `The server's kernel answered with RST (${fr(a.frame('rst'))}) because its socket was already closed. `
            : 'The server could not answer any more. ') +
          'Neither side is misconfigured in isolation: an idle close can always cross a new request. Make it rare by closing idle pooled connections on the client before the server does, and harmless by retrying idempotent requests once.'
        );
      },
      serverFix: () =>
        "Announce closes: send Connection: close on the last response of a connection (request-count limit) and Keep-Alive: timeout=N; an idle timeout longer than the clients' pool idle time makes the race rare.",
    },
    'client-idle-close': {
      title: (a) =>
        `Client closed ${plural(a.num('connections'), 'idle pooled connection', 'idle pooled connections')} after about ${seconds(a.num('idleSeconds'))} (healthy)`,
      explanation: (a) =>
        `The client ${a.ctx('client')} closed ${conns(a)} to ${a.ctx('server')} itself, with a FIN, after the connection sat idle for ${seconds(a.num('idleSeconds'))} (last data ${fr(a.frame('lastData'))}, client FIN ${fr(a.frame('clientFin'))}${a.num('connections') > 1 ? `; idle times from ${seconds(a.num('minSeconds'))} to ${seconds(a.num('maxSeconds'))}` : ''}). No reset. ` +
        `This is the healthy way round: the client's pool idle timeout is shorter than the server's${isNum(a.num('serverIdleTimeoutSeconds')) ? ` (the server closes idle connections after ${seconds(a.num('serverIdleTimeoutSeconds'))})` : ''}, so the client never reuses a connection the server has already closed.` +
        (a.clientMatch
          ? ` ${seconds(a.num('idleSeconds'))} matches the default pool idle time of ${a.clientMatch.who.en}.`
          : '') +
        " Nothing to fix; if you change either timeout, keep the client's below the server's.",
      serverFix: () =>
        "Nothing to change. If you lower the server's idle timeout, keep it above the clients' pool idle time.",
    },
    'retry-after-reset': {
      title: (a) =>
        `Silent retry: ${req(a)} repeated on a new connection ${seconds(a.num('delaySeconds'))} after the failure`,
      explanation: (a) => {
        const m = a.ctx('method');
        const safety =
          a.variant === 'idempotent'
            ? `${m} is idempotent (RFC 9110 §9.2.2), so the retry was safe.`
            : a.variant === 'non-idempotent'
              ? `${m} is not idempotent (RFC 9110 §9.2.2): if the server processed the first attempt before the connection failed, it has now run twice. RFC 9112 §9.3.1 forbids retrying it automatically unless the client knows it is safe (an idempotency key). Libraries that replay non-idempotent requests by default: OkHttp (retryOnConnectionFailure), HttpURLConnection (sun.net.http.retryPost), core Feign, libcurl.`
              : 'The method is not visible (encrypted or not HTTP), so whether the retry was safe depends on the request.';
        return (
          `On stream ${a.streams[0]} the client's ${req(a)} (${fr(a.frame('failedRequest'))}) got no response: the connection ended at ${fr(a.frame('failure'))}. ` +
          `${seconds(a.num('delaySeconds'))} later the same client opened a new connection to ${a.ctx('server')} (stream ${a.streams[1]}, SYN at ${fr(a.frame('retrySyn'))}) and sent the same request again (${fr(a.frame('retryRequest'))})${a.finding.numbers.retryAnswered ? '; this time it was answered' : ''}. The client library retried on its own, so the application may never have seen the first failure. ${safety}`
        );
      },
      serverFix: () =>
        'Give non-idempotent endpoints an idempotency key (for example an Idempotency-Key header) so a replayed request is recognised and not applied twice.',
    },
    'connection-refused': {
      title: (a) =>
        a.num('attempts') > 1
          ? `${a.num('attempts')} connection attempts refused${a.num('ports') > 1 ? ` on ${a.num('ports')} ports` : ''} by ${a.ctx('server').replace(/:\d+$/, '')}`
          : `Connection refused: SYN to ${a.ctx('server')} answered by RST`,
      explanation: (a) =>
        `At ${fr(a.frame('syn'))} the client ${a.ctx('client')} sent a SYN to ${a.ctx('server')}; at ${fr(a.frame('rst'))}${isNum(a.num('synToRstSeconds')) ? `, ${seconds(a.num('synToRstSeconds'))} later,` : ''} the server host answered RST,ACK instead of SYN,ACK (RFC 9293 §3.10.7.1): no process was listening on that port, a firewall rule rejects it, or the listen backlog was full. No connection was ever established, so no request was sent.` +
        (a.num('attempts') > 1 ? ` ${conns(a)} were refused the same way.` : '') +
        ' The fix is where the service runs: start it, check the port and the address it listens on (0.0.0.0 vs 127.0.0.1), and the firewall. Clients may retry with backoff: a refused request was never sent.',
      serverFix: () =>
        "Make sure the service listens on that port and address, that its listen backlog is large enough (net.core.somaxconn, the server's backlog setting), and that no firewall rejects the port; behind a proxy, point it at the right upstream.",
    },
    'upstream-refused-502': {
      title: (a) =>
        `HTTP ${a.num('status')} from ${a.ctx('proxy')}: its upstream ${a.ctx('upstream')} ${a.variant === 'refused' ? 'refused the connection' : a.variant === 'reset' ? 'reset the connection' : 'closed without answering'}`,
      explanation: (a) =>
        `The client ${a.ctx('client')} sent ${req(a)} to the proxy ${a.ctx('proxy')} (${fr(a.frame('request'))}). While it waited, the proxy's own connection to its upstream ${a.ctx('upstream')} failed at ${fr(a.frame('upstreamFailure'))} (stream ${a.streams[1] ?? '?'}: ${a.variant === 'refused' ? 'the upstream refused the connection — nothing was listening' : a.variant === 'reset' ? 'the upstream reset the connection' : 'the upstream closed without a response'}). ` +
        `${seconds(a.num('upstreamToResponseSeconds'))} later the proxy answered ${a.num('status')} (${fr(a.frame('response'))}). The ${a.num('status')} is the proxy reporting the upstream failure (nginx, for example, answers 502 when the upstream port answers RST); the client and the proxy are fine — look at the upstream service.`,
      serverFix: (a) =>
        `Fix or restart the upstream ${a.ctx('upstream')}. In nginx, several server entries with health checks and proxy_next_upstream route around a dead upstream (POST is not passed to the next upstream unless non_idempotent is set).`,
    },
    'no-response': {
      title: (a) =>
        a.variant === 'client-gave-up'
          ? `No response to ${req(a)}: the client gave up after ${seconds(a.num('waitSeconds'))}`
          : `No response: the server ${a.variant === 'server-rst' ? 'reset' : 'closed'} the connection after receiving ${req(a)}`,
      explanation: (a) => {
        const head = `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. The client sent ${req(a)} (${fr(a.frame('request'))})${a.frame('requestAck') !== undefined ? ` and the server's kernel acknowledged it (${fr(a.frame('requestAck'))}), so the request arrived` : ''}. `;
        switch (a.variant) {
          case 'server-rst':
            return `${head}${seconds(a.num('waitSeconds'))} later (${fr(a.frame('close'))}) the server aborted the connection with RST without sending a single response byte: the server application reset it (SO_LINGER 0 on an error path, a crash while handling it) or a proxy/WAF in front rejected the request. The client sees a reset. Retry only idempotent requests: the server may have processed it.`;
          case 'half-close':
            return `${head}Right after the request the client half-closed its side (FIN, ${fr(a.frame('clientFin'))}: "I will send nothing more"). The server then closed (${fr(a.frame('close'))}, ${seconds(a.num('waitSeconds'))} after the request) without answering: some servers and gateways treat a half-close as an aborted request. Do not shut down the write side before the response has been read.`;
          case 'client-gave-up':
            return `${head}No response byte came back; after ${seconds(a.num('waitSeconds'))} the client gave up and closed the connection (${fr(a.frame('close'))}): its read timeout. The server is slow or stuck on this request (a blocked thread, a slow database, a deadlock) — or the response was lost on the way back.`;
          default:
            return `${head}${seconds(a.num('waitSeconds'))} later (${fr(a.frame('close'))}) the server closed the connection with a FIN without sending a single response byte: the server application read the request and closed the socket — it failed or gave up handling it, ran out of workers, or rejected it. The client sees an empty reply (Apache HttpClient: NoHttpResponseException "failed to respond", curl: "Empty reply from server"). Retry only idempotent requests: the server may have processed it.`;
        }
      },
      serverFix: () =>
        "Look in the server's log for this request at that time: an exception, a worker or thread limit, a timeout, an abort. A server should answer (500, 503) rather than close silently.",
    },
    'empty-post-reset': {
      title: (a) =>
        `Empty-body ${a.ctx('method') || 'POST'} followed by the client's FIN: the server reset without a response`,
      explanation: (a) =>
        `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. ${fr(a.frame('request')).replace(/^f/, 'F')}: the client sent ${req(a)} with no body (Content-Length: 0). ${fr(a.frame('clientFin')).replace(/^f/, 'F')}, ${seconds(a.num('finAfterRequestSeconds'))} later: the client half-closed the connection with a FIN — it declared it would send nothing more, while still waiting for the response. ` +
        `${fr(a.frame('rst')).replace(/^f/, 'F')}, ${seconds(a.num('rstAfterFinSeconds'))} after the FIN: the server answered with RST and no HTTP response. A strict server or gateway takes a body-less POST followed by a half-close for an aborted upload and resets the connection; the client's read then fails with "Connection reset". ` +
        'Fix on the client: send the parameters as a body with a Content-Type (or use GET for a query-only call), and do not half-close before the response has been read.',
      serverFix: () =>
        'Configure the server or gateway to answer 400 (or 411) to a body-less POST instead of resetting, and not to treat a client half-close as an abort.',
    },
    'client-abort-unread-response': {
      title: (a) =>
        `Client reset the connection while the server was still sending (${a.num('unreadBytes')} response bytes unread)`,
      explanation: (a) =>
        `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. The client asked for ${req(a)} (${fr(a.frame('request'))}). The server started the response at ${fr(a.frame('responseStart'))}${isNum(a.num('contentLength')) ? ` (Content-Length: ${a.num('contentLength')} bytes)` : ''} and was still sending: ${a.num('responseBytesReceived')} bytes had reached the client (last at ${fr(a.frame('lastDataBeforeRst'))}) when, at ${fr(a.frame('rst'))}, ${seconds(a.num('heldSeconds'))} after the response began, the client sent RST instead of FIN. ` +
        'On Linux, close() on a socket whose received data has not been read sends RST (RFC 2525 §2.17): the client application stopped reading — it needed only the headers, hit an error or a timeout — and closed the connection. ' +
        'The client saw nothing wrong. The server\'s next write fails, and the server logs "Connection reset by peer" or "Broken pipe". Fix on the client: read the body to the end (or abort on purpose, knowing the server will log it), so the connection ends with FIN.',
      serverFix: () =>
        'The server cannot prevent a client abort; treat these resets as normal client aborts (log them at debug level) and stop work for the request when the write fails.',
    },
    'close-wait-leak': {
      title: (a) =>
        a.num('connections') === 1
          ? `Connection left in CLOSE_WAIT on the ${side(a.ctx('leakingSide'))} for ${seconds(a.num('maxSeconds'))}`
          : `${a.num('connections')} connections left in CLOSE_WAIT on the ${side(a.ctx('leakingSide'))} for up to ${seconds(a.num('maxSeconds'))}`,
      explanation: (a) => {
        const leaker = side(a.ctx('leakingSide'));
        const peer = leaker === 'client' ? 'server' : 'client';
        const end =
          a.frame('close') !== undefined
            ? `It finally closed at ${fr(a.frame('close'))}${a.num('resetOnClose') > 0 ? ` (with RST on ${plural(a.num('resetOnClose'), 'connection', 'connections')}: unread data was still queued)` : ''}.`
            : 'It was still open when the capture ended.';
        return (
          `At ${fr(a.frame('peerFin'))} the ${peer} closed the connection (FIN); the ${leaker}'s kernel acknowledged it (${fr(a.frame('finAck'))}), so the ${leaker}'s socket entered CLOSE_WAIT. The ${leaker} application then neither used nor closed it for ${seconds(a.num('closeWaitSeconds'))}. ${end}` +
          (a.num('connections') > 1
            ? ` ${conns(a)} behave the same, CLOSE_WAIT from ${seconds(a.num('minSeconds'))} to ${seconds(a.num('maxSeconds'))}.`
            : '') +
          ` A socket stays in CLOSE_WAIT until the application calls close(): the ${leaker} leaks connections (responses, streams or clients never closed), or its pool does not notice connections the ${peer} has closed. Each one holds a file descriptor${leaker === 'client' ? ', and reusing one fails like a stale keep-alive reuse' : ''}.`
        );
      },
      serverFix: (a) =>
        a.ctx('leakingSide') === 'server'
          ? 'The server application leaks sockets: close the connection once the client has closed its side (read returns EOF).'
          : 'Nothing wrong on the server: it closed as it should. The leak is in the client.',
    },
    'reset-burst': {
      title: (a) =>
        `${a.num('connections')} connections closed by ${a.ctx('host')} within ${seconds(a.num('spreadSeconds'))} (${a.num('rsts')} RST, ${a.num('fins')} FIN)`,
      explanation: (a) =>
        `Between ${fr(a.frame('first'))} and ${fr(a.frame('last'))} (${seconds(a.num('spreadSeconds'))}), ${a.ctx('host')} (the ${side(a.ctx('closingSide'))} side) closed ${a.num('connections')} connections at once: RST on ${a.num('rsts')}, FIN on ${a.num('fins')}. ` +
        `Their idle times differ by ${seconds(a.num('idleSpreadSeconds'))}, so this was not an idle timer firing connection by connection: one event closed them all — a process exiting, a connection pool shut down, or finalizers closing leaked sockets during a garbage collection (HttpURLConnection/HttpClient objects never closed). ` +
        'A socket closed with unread data sends RST, which the peer logs as "Connection reset by peer".',
      serverFix: () =>
        'If the bursts coincide with deployments or restarts, drain connections on shutdown (stop accepting, let in-flight requests finish, then close).',
    },
    'server-crash': {
      title: (a) =>
        `Server ${a.ctx('server')} closed ${a.num('connections')} connections at the same instant, then ${a.num('refusedConnections') > 0 ? 'refused new ones' : 'reset the requests that followed'}`,
      explanation: (a) =>
        `Between ${fr(a.frame('firstClose'))} and ${fr(a.frame('lastClose'))} (${seconds(a.num('spreadSeconds'))} apart) the server ${a.ctx('server')} closed ${a.num('connections')} established connections at once — not at an idle timeout: they had been idle for times that differ by ${seconds(a.num('idleSpreadSeconds'))}. ` +
        (a.num('resetRequests') > 0
          ? `Afterwards ${plural(a.num('resetRequests'), 'request', 'requests')} sent on those connections were answered with RST (first at ${fr(a.frame('firstReset'))}). `
          : '') +
        (a.num('refusedConnections') > 0
          ? `${plural(a.num('refusedConnections'), 'new connection attempt was', 'new connection attempts were')} refused (SYN answered by RST, first at ${fr(a.frame('firstRefusal'))}): nothing was listening any more. `
          : '') +
        "The server process died or was stopped (crash, OOM kill, kill -9, redeploy) and its kernel closed every socket it owned. Check the server's logs and its supervisor at that time; clients should retry idempotent requests with backoff until it is back.",
      serverFix: () =>
        'Find why the process exited (logs, exit code, OOM killer, supervisor restarts); run more than one instance behind a health-checked load balancer and shut down gracefully on deploys.',
    },
    'retransmission-timeout': {
      title: (a) =>
        a.variant === 'syn'
          ? `Connect timeout: SYN to ${a.ctx('to')} retransmitted ${a.num('retransmissions')} times, never answered`
          : `The ${side(a.ctx('sender'))}'s data was retransmitted ${a.num('retransmissions')} times and never acknowledged: the connection timed out`,
      explanation: (a) => {
        const backoff = `the interval growing from ${seconds(a.num('firstIntervalSeconds'))} to ${seconds(a.num('lastIntervalSeconds'))} (exponential RTO backoff, RFC 6298 §5.5), ${seconds(a.num('totalSeconds'))} in all`;
        if (a.variant === 'syn')
          return `At ${fr(a.frame('original'))} ${a.ctx('from')} sent a SYN to ${a.ctx('to')}. Nothing came back, so it sent the SYN again ${a.num('retransmissions')} times (up to ${fr(a.frame('lastRetransmission'))}), ${backoff}. The port is filtered, the host is down or unreachable, or a firewall drops SYNs silently; the client ends with a connect timeout.`;
        return (
          `At ${fr(a.frame('original'))} the ${side(a.ctx('sender'))} (${a.ctx('from')}) sent ${a.num('bytes')} bytes. No acknowledgement came back, so its TCP sent them again ${a.num('retransmissions')} times (up to ${fr(a.frame('lastRetransmission'))}), ${backoff}. The path to ${a.ctx('to')} was dead in that direction: packet loss, a broken route, a firewall or a peer that stopped responding. ` +
          (a.frame('rst') !== undefined
            ? `At ${fr(a.frame('rst'))} the ${side(a.ctx('sender'))}'s kernel, which had given up on the connection, answered with RST${a.frame('peerLater') !== undefined ? ` the peer's late segment (${fr(a.frame('peerLater'))})` : ''}. `
            : 'Then the sender fell silent: its kernel gave up. ') +
          'The application sees a timeout (ETIMEDOUT when the kernel gives up, or its own read timeout first).'
        );
      },
      serverFix: () =>
        'Check the network path between the two hosts (firewall and security-group rules, routing, MTU and PMTU discovery) and the health of the peer host.',
    },
    'zero-window': {
      title: (a) =>
        `Zero window: the ${side(a.ctx('receiver'))} stopped reading for ${seconds(a.num('durationSeconds'))}`,
      explanation: (a) => {
        const r = side(a.ctx('receiver'));
        const s = r === 'client' ? 'server' : 'client';
        return (
          `At ${fr(a.frame('zeroWindow'))} the ${r} (${a.ctx('receiverEndpoint')}) advertised a zero receive window: its application had stopped reading and the socket's receive buffer was full (the ${s}'s last data before that: ${fr(a.frame('lastDataBefore'))}). ` +
          `The ${s} kept the rest queued and probed the window ${plural(a.num('probes'), 'time', 'times')} (persist timer, RFC 9293 §3.8.6.1; first probe ${fr(a.frame('firstProbe'))}) ` +
          (a.variant === 'recovered'
            ? `until the ${r} reopened the window at ${fr(a.frame('windowUpdate'))}, ${seconds(a.num('durationSeconds'))} after it closed; data resumed at ${fr(a.frame('firstDataAfter'))}. `
            : 'and the window never reopened in the capture. ') +
          `Nothing is lost, but the transfer stalls for as long as the ${r} does not read: a slow consumer, a blocked thread or back-pressure. If it lasts, the ${s}'s write timeout may fire.`
        );
      },
      serverFix: (a) =>
        a.ctx('receiver') === 'server'
          ? 'The server is the slow reader: raise its processing capacity or stream the upload instead of buffering it.'
          : 'Nothing to change on the server; the client must read faster or stream the response.',
    },
    'abortive-close': {
      title: (a) =>
        a.num('connections') > 1
          ? `${a.num('connections')} connections ended by the ${side(a.ctx('resetter'))} with RST (abortive close)`
          : `The ${side(a.ctx('resetter'))} ended the connection with RST (abortive close)`,
      explanation: (a) => {
        const who = side(a.ctx('resetter'));
        const other = who === 'client' ? 'server' : 'client';
        const many = a.num('connections') > 1 ? ` ${conns(a)} end the same way.` : '';
        switch (a.variant) {
          case 'after-close':
            return `The ${who} had already closed its side with a FIN; a segment that arrived afterwards hit the closed socket and the ${who}'s kernel answered RST (${fr(a.frame('rst'))}). Harmless: the exchange was over.${many}`;
          case 'before-data':
            return `The connection was established, but the ${who} reset it (${fr(a.frame('rst'))}) before any data was exchanged: a port scan or health check that only tests the handshake, or a client that dropped the connection at once. Harmless for the ${other}, which may log a reset.${many}`;
          case 'in-transfer':
            return `The ${who} reset the connection (${fr(a.frame('rst'))}) while data was still being exchanged${a.frame('lastData') !== undefined ? ` (last data ${fr(a.frame('lastData'))})` : ''}, and no pattern explains why: an application abort or an error on the ${who}'s side. The ${other} sees "Connection reset by peer"; check the ${who}'s logs at that time.${many}`;
          default:
            return `Every request had been answered (last data ${fr(a.frame('lastData'))}${isNum(a.num('afterLastDataSeconds')) ? `, ${seconds(a.num('afterLastDataSeconds'))} before` : ''}), then the ${who} ended the connection with RST (${fr(a.frame('rst'))}) instead of a FIN: an abortive close — SO_LINGER with a zero timeout, or a client, server or load balancer that resets instead of closing. Harmless for the exchange, though the ${other} may log "Connection reset by peer".${many}`;
        }
      },
      serverFix: () =>
        'Nothing required. If the resets clutter logs, close with FIN (do not set SO_LINGER to 0).',
    },
    'silent-idle-drop': {
      title: (a) =>
        `Connection idle for ${seconds(a.num('idleSeconds'))}, then ${a.variant === 'rst' ? 'reset' : 'unanswered'}: a middlebox forgot it`,
      explanation: (a) =>
        `Stream ${a.streams[0]}, client ${a.ctx('client')} → server ${a.ctx('server')}. The connection sat idle for ${seconds(a.num('idleSeconds'))} with no FIN from either side (${fr(a.frame('lastBeforeIdle'))} → ${fr(a.frame('firstAfterIdle'))}). At ${fr(a.frame('firstAfterIdle'))} the ${side(a.ctx('sender'))} sent again; ` +
        (a.variant === 'rst'
          ? `the answer was a RST (${fr(a.frame('answer'))}, ${seconds(a.num('answerAfterSeconds'))} later). `
          : `it was retransmitted and never answered (last try ${fr(a.frame('answer'))}). `) +
        'Both ends still had the connection open, so a device in between — NAT gateway, firewall, load balancer — dropped its state during the idle time' +
        (a.middleboxes.length > 0
          ? ` (idle limits at or below ${seconds(a.num('idleSeconds'))}: ${a.middleboxes.map((m) => m.who.en).join('; ')})`
          : '') +
        '. Do not let connections idle that long: close pooled connections before that limit, or enable TCP keepalive with an interval below it.',
      serverFix: () =>
        'Raise the middlebox idle timeout where it can be configured (AWS NLB tcp.idle_timeout.seconds, Azure LB IdleTimeoutInMinutes with EnableTcpReset), or send TCP keepalives below it from the server.',
    },
  },
  fixes: { poolIdle, retrySafe, connect, readBody, timeouts, sendBody, closeClean },
  noException: 'No exception on the client side.',
  serverLogs: 'What the server logs:',
  summary: {
    headline: (s) => {
      if (s.connections === 0) return 'No TCP connections in this capture.';
      const bad = s.counts.filter(([l]) => l !== 'healthy');
      const list = (xs: typeof bad) =>
        xs
          .slice(0, 3)
          .map(([l, n]) => `${n} × ${en.labels[l]}`)
          .join(', ');
      const idle = s.idle.find((e) => e.seconds != null && e.samples > 1);
      const idleText = idle ? `; ${en.summary.idleTimeout(idle)}` : '';
      const all = plural(s.connections, 'connection', 'connections');
      if (s.endedBadly > 0) return `${all}, ${s.endedBadly} ended badly: ${list(bad)}${idleText}.`;
      const warnings = bad.filter(([l]) => SEVERITY[l] === 'warning');
      if (warnings.length > 0)
        return `${all}, none failed outright; worth a look: ${list(warnings)}${idleText}.`;
      if (bad.length > 0) return `${all}, none failed (${list(bad)})${idleText}.`;
      return `All ${all} look healthy${idleText}.`;
    },
    idleTimeout: (e: IdleTimeoutEstimate) => {
      const head = `${e.server} closes idle connections after`;
      if (e.seconds == null) return `${e.server} announces Keep-Alive: timeout=${e.keepAliveHeader}`;
      const who = e.match ? `: ${e.match.who.en}` : '';
      const hdr = e.keepAliveHeader != null ? ` (it announces Keep-Alive: timeout=${e.keepAliveHeader})` : '';
      return `${head} ${seconds(e.seconds)} on ${plural(e.samples, 'connection', 'connections')}${who}${hdr}`;
    },
  },
  report: {
    title: 'Wirelens diagnosis',
    connections: 'Connections',
    endedBadly: 'Ended badly',
    perDiagnosis: 'Per diagnosis',
    idleTimeouts: 'Server idle timeouts',
    findings: 'Findings',
    flows: 'Connections',
    streams: 'Streams',
    frames: 'Frames',
    clientSaw: 'What the client most likely saw',
    fixes: 'Fix per client library',
    serverSide: 'Server side',
    numbers: 'Measured',
    ruleErrors: 'Rules that failed',
    none: 'none',
    stream: 'Stream',
    client: 'Client',
    server: 'Server',
    diagnosis: 'Diagnosis',
    labels: 'Also',
  },
};
