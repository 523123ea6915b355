// 简体中文文本。事实（超时、默认值、异常文本）来自 knowledge.ts（出处为
// ../shared/knowledge/idle-timeouts.md）；句子是我们自己写的，仿照 seeds 中的排查笔记：
// 先把包号和双方各自的状态对应起来，再给出修复方法。
import type { IdleTimeoutEstimate } from '../infer-idle-timeouts';
import { SEVERITY } from '../labels';
import { isNum, seconds, streamList } from './format';
import type { FixTexts, TextArgs, TextPack } from './types';

const fr = (n: number | undefined): string => (n === undefined ? '抓包中没有的包' : `包 ${n}`);
const side = (s: string): string => (s === 'server' ? '服务端' : s === 'client' ? '客户端' : '双方');
const req = (a: TextArgs): string => {
  const m = a.ctx('method');
  const t = a.ctx('target');
  return m ? `${m} ${t}`.trim() : '请求';
};
const conns = (a: TextArgs): string =>
  a.streams.length > 1 ? `${a.streams.length} 个连接（流 ${streamList(a.streams)}）` : `流 ${a.streams[0]}`;

function serverTimerSentence(a: TextArgs): string {
  const e = a.serverIdle;
  if (e?.seconds != null && e.samples > 1) {
    const who = e.match ? `，与${e.match.who.zh}相同` : '';
    return `该服务端在空闲 ${seconds(e.seconds)} 后关闭 keep-alive 连接（本抓包中 ${e.samples} 个连接都是如此${who}）。`;
  }
  if (a.serverMatch)
    return `${seconds(a.num('idleBeforeFinSeconds'))} 正是${a.serverMatch.who.zh}的取值（或配置成相同值的服务端）。`;
  return '';
}

function headerSentence(a: TextArgs): string {
  const h = a.serverIdle?.keepAliveHeader;
  return h != null ? `服务端在响应头中也声明了 Keep-Alive: timeout=${h}。` : '';
}

const poolIdle: FixTexts = {
  okhttp: (p) =>
    `在服务端关闭之前先淘汰空闲连接：OkHttpClient.Builder().connectionPool(ConnectionPool(5, ${p.idle}, TimeUnit.SECONDS))（默认保留 5 分钟）。`,
  httpclient4: (p) =>
    `HttpClient 4.x 自己不会淘汰空闲连接：cm.setValidateAfterInactivity(1000); HttpClients.custom().setConnectionManager(cm).evictIdleConnections(${p.idle}, TimeUnit.SECONDS).setKeepAliveStrategy((r, c) -> ${p.idle}_000).build()。`,
  httpclient5: (p) =>
    `PoolingHttpClientConnectionManagerBuilder.create().setDefaultConnectionConfig(ConnectionConfig.custom().setValidateAfterInactivity(TimeValue.ofSeconds(1)).setTimeToLive(TimeValue.ofMinutes(5)).build()).build()，并在 HttpClients.custom()… 上设置 evictIdleConnections(TimeValue.ofSeconds(${p.idle}))。`,
  resttemplate: (p) =>
    `让 RestTemplate 使用带连接池的 Apache HttpClient 5：new RestTemplate(new HttpComponentsClientHttpRequestFactory(httpClient))，并设置 evictIdleConnections(TimeValue.ofSeconds(${p.idle})) 与 validateAfterInactivity 1 秒；若使用默认的 HttpURLConnection，加 -Dhttp.keepAlive.time.server=${Math.min(p.idle, 4)}。`,
  webclient: (p) =>
    `Reactor Netty 默认没有最大空闲时间：HttpClient.create(ConnectionProvider.builder("api").maxIdleTime(Duration.ofSeconds(${p.idle})).maxLifeTime(Duration.ofMinutes(5)).evictInBackground(Duration.ofSeconds(30)).build())，再交给 new ReactorClientHttpConnector(...)。`,
  'java-httpclient': (p) =>
    `-Djdk.httpclient.keepalive.timeout=${p.idle}（JDK 11–19 默认 1200 秒，JDK 20 起为 30 秒）。`,
  go: (p) =>
    `tr := http.DefaultTransport.(*http.Transport).Clone(); tr.IdleConnTimeout = ${p.idle} * time.Second（DefaultTransport 保留空闲连接 90 秒；零值 Transport 永不过期）。`,
  'node-http': (p) =>
    `new http.Agent({ keepAlive: true, timeout: ${p.idle * 1000} })；Node 也会参考服务端的 Keep-Alive: timeout 提示。`,
  undici: (p) =>
    `setGlobalDispatcher(new Agent({ keepAliveTimeout: ${p.idle * 1000}, keepAliveMaxTimeout: ${Math.max(p.idle, 15) * 1000} }))（undici 默认 4 秒）。`,
  axios: (p) =>
    `axios.create({ httpAgent: new http.Agent({ keepAlive: true, timeout: ${p.idle * 1000} }), httpsAgent: new https.Agent({ keepAlive: true, timeout: ${p.idle * 1000} }) })。`,
  requests: () =>
    'requests/urllib3 没有空闲计时器（urllib3 只会在取出连接时丢弃已经关闭的 socket）：让服务端的空闲超时大于你的请求间隔，或在长时间停顿后关闭 Session。',
  aiohttp: (p) =>
    `aiohttp.ClientSession(connector=aiohttp.TCPConnector(keepalive_timeout=${p.idle}))（默认 15 秒）。`,
  httpx: (p) => `httpx.Client(limits=httpx.Limits(keepalive_expiry=${p.idle}))（默认 5 秒）。`,
  dotnet: (p) =>
    `new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(${p.idle}), PooledConnectionLifetime = TimeSpan.FromMinutes(5) })（默认空闲 1 分钟）。`,
  dart: (p) =>
    `HttpClient()..idleTimeout = Duration(seconds: ${p.idle})；dio：IOHttpClientAdapter(createHttpClient: () => HttpClient()..idleTimeout = Duration(seconds: ${p.idle}))。`,
};

const retrySafe: FixTexts = {
  okhttp: () =>
    'OkHttp 对失效的池化连接会对任何方法自动重试（retryOnConnectionFailure = true）；对无法重放的非幂等调用请关闭它。',
  httpclient4: () =>
    'DefaultHttpRequestRetryHandler 对 GET/HEAD/DELETE/OPTIONS/TRACE 即使已发送也会重试，POST/PUT 只在未发送完时重试；要开启 requestSentRetryEnabled，先给 POST 加幂等键。',
  httpclient5: () =>
    'DefaultHttpRequestRetryStrategy 只对幂等方法在 1 秒后重试一次（429/503 也会重试）；不要把非幂等请求放进去。',
  resttemplate: () =>
    '默认的 HttpURLConnection 会自行把 POST 重发一次（sun.net.http.retryPost=true）：设置 -Dsun.net.http.retryPost=false 或使用 setFixedLengthStreamingMode，幂等调用用 Spring Retry 显式重试。',
  webclient: () =>
    'Reactor Netty 只在请求尚未发出时重试；对幂等调用加 .retryWhen(Retry.backoff(1, Duration.ofMillis(100)).filter(e -> e instanceof PrematureCloseException))。',
  'java-httpclient': () =>
    'JDK 客户端对幂等请求重试一次；jdk.httpclient.enableAllMethodRetry 对 POST 保持 false。',
  go: () =>
    'net/http 只在请求可重放时（GET/HEAD/OPTIONS/TRACE 或带 Idempotency-Key 头，有请求体时需设置 GetBody）在复用连接上重放。',
  'node-http': () =>
    "Node 从不自动重试：当 err.code === 'ECONNRESET' && req.reusedSocket 时，仅对幂等方法重试。",
  undici: () => 'undici 不会重放已发送的请求；对幂等方法使用它的 RetryAgent。',
  axios: () => 'axios 不重试；对幂等调用包一层重试（例如 axios-retry，并限定幂等条件）。',
  requests: () =>
    'requests 默认不重试（max_retries=0）：HTTPAdapter(max_retries=Retry(total=2, backoff_factor=0.2)) 只重试幂等方法。',
  aiohttp: () => 'aiohttp ≥ 3.10 在复用连接失败时会对幂等方法重试一次；其他方法只有带幂等键时才自行重试。',
  httpx: () =>
    'httpx 只重试连接错误（transport 的 retries=…）；遇到 RemoteProtocolError 时请自行重试幂等请求。',
  dotnet: () =>
    'SocketsHttpHandler 在池化连接于发送前、收到任何响应字节前失败时会重试；幂等调用可再加 Polly 重试。',
  dart: () => 'HttpClient 和 dio 都不重试；为幂等请求添加重试拦截器（例如 dio_smart_retry）。',
};

const connect: FixTexts = {
  okhttp: () => 'OkHttp 对被拒绝的端口只会尝试其他地址，不会有效重试；服务恢复后带退避地重试调用。',
  httpclient4: () =>
    'DefaultHttpRequestRetryHandler 不重试 HttpHostConnectException；请带退避重试并快速失败：RequestConfig.custom().setConnectTimeout(5000)。',
  httpclient5: () =>
    'ConnectException 默认不重试；带退避重试，ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))。',
  resttemplate: () =>
    '捕获 ResourceAccessException（cause 为 ConnectException）并带退避重试（Spring Retry @Retryable）。',
  webclient: () =>
    '加上 .retryWhen(Retry.backoff(3, Duration.ofMillis(200)).filter(e -> e instanceof WebClientRequestException))。',
  'java-httpclient': () =>
    '捕获 java.net.ConnectException 并带退避重试；HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))。',
  go: () =>
    '用 errors.Is(err, syscall.ECONNREFUSED) 判断并带退避重试；被拒绝的连接什么都没发出，任何方法都可以安全重试。',
  'node-http': () => "在 err.code === 'ECONNREFUSED' 时带退避重试：请求根本没有发出。",
  undici: () => "在 cause.code === 'ECONNREFUSED' 时带退避重试（undici 的 RetryAgent 可以处理）。",
  axios: () => "在 error.code === 'ECONNREFUSED' 时带退避重试。",
  requests: () =>
    'HTTPAdapter(max_retries=Retry(connect=3, backoff_factor=0.5)) 会对任何方法重试被拒绝的连接：请求没有发出。',
  aiohttp: () => '捕获 aiohttp.ClientConnectorError 并带退避重试。',
  httpx: () => 'httpx.HTTPTransport(retries=3) 会对任何方法重试连接错误（ConnectError）。',
  dotnet: () => '捕获 SocketError.ConnectionRefused 的 HttpRequestException，用 Polly 带退避重试。',
  dart: () => '捕获 SocketException（Connection refused）/ DioExceptionType.connectionError 并带退避重试。',
};

const readBody: FixTexts = {
  okhttp: () => '始终关闭响应：response.use { it.body?.string() }；确实要放弃下载时调用 call.cancel()。',
  httpclient4: () =>
    '在 finally 中 EntityUtils.consume(response.getEntity()) 并 response.close()；整个应用复用一个 CloseableHttpClient，退出时关闭。',
  httpclient5: () =>
    '使用 try-with-resources 和 EntityUtils.consume(response.getEntity())（或 response handler）；退出时 client.close(CloseMode.GRACEFUL)。',
  resttemplate: () =>
    '关闭前把响应体读完（execute(..., ResponseExtractor)）；使用 HttpURLConnection 时先把 getInputStream() 读到 EOF 再 disconnect()。',
  webclient: () =>
    '务必消费或释放响应体：retrieve().bodyToMono(...) 或 exchangeToMono(r -> r.releaseBody()...)。',
  'java-httpclient': () =>
    '使用 BodyHandlers.ofString()/ofByteArray()，或把 ofInputStream() 的流读完并关闭。',
  go: () =>
    'defer resp.Body.Close()，并在关闭前 io.Copy(io.Discard, resp.Body)，这样连接能被复用并正常关闭。',
  'node-http': () => '消费每个响应（不需要时调用 res.resume()），不再使用的 socket 要关闭。',
  undici: () =>
    '消费或取消每个响应体：await res.body.text() / res.body.dump()；fetch：await res.arrayBuffer() 或 res.body.cancel()。',
  axios: () => "使用 responseType: 'stream' 时，要么把流读完，要么明确地销毁它。",
  requests: () =>
    '使用 with session.get(url, stream=True) as r: 并读取 r.content（或 r.close()）；复用一个 Session，退出时关闭。',
  aiohttp: () => 'async with session.get(url) as r: await r.read()；退出时关闭 ClientSession。',
  httpx: () => 'with client.stream(...) as r: r.read()；关闭 Client（with httpx.Client() as client:）。',
  dotnet: () => '读完内容后释放每个 HttpResponseMessage（using var resp = …）；复用一个 HttpClient。',
  dart: () =>
    '把每个响应读完或 await response.drain()；dio 的 ResponseType.stream 必须消费；用完关闭 HttpClient。',
};

const timeouts: FixTexts = {
  okhttp: () =>
    '给每次调用设上限：.connectTimeout(5, SECONDS).readTimeout(30, SECONDS).callTimeout(60, SECONDS)。',
  httpclient4: () =>
    'RequestConfig.custom().setConnectTimeout(5000).setSocketTimeout(30000)；SocketConfig.custom().setSoKeepAlive(true)。',
  httpclient5: () =>
    'ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5)).setSocketTimeout(Timeout.ofSeconds(30))；SocketConfig.custom().setSoKeepAlive(true)。',
  resttemplate: () => '在请求工厂上 factory.setConnectTimeout(5000); factory.setReadTimeout(30000)。',
  webclient: () =>
    'HttpClient.create().option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000).option(ChannelOption.SO_KEEPALIVE, true).responseTimeout(Duration.ofSeconds(30))。',
  'java-httpclient': () =>
    'HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))，以及 HttpRequest.newBuilder().timeout(Duration.ofSeconds(30))。',
  go: () =>
    '&http.Client{Timeout: 30 * time.Second}，配合 net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}。',
  'node-http': () =>
    'req.setTimeout(30000)，以及 socket.setKeepAlive(true, 30000)（或 Agent 的 keepAliveMsecs）。',
  undici: () => 'new Agent({ connect: { timeout: 5000 }, headersTimeout: 30000, bodyTimeout: 30000 })。',
  axios: () => 'axios.create({ timeout: 30000 })，再配一个开启 keepAlive 的 agent。',
  requests: () => 'requests 默认没有超时：始终传 timeout=(5, 30)。',
  aiohttp: () => 'aiohttp.ClientTimeout(total=60, connect=5, sock_read=30)。',
  httpx: () => 'httpx.Timeout(30.0, connect=5.0)（默认所有超时都是 5 秒）。',
  dotnet: () =>
    'SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) }，以及 HttpClient.Timeout = TimeSpan.FromSeconds(30)。',
  dart: () =>
    'HttpClient()..connectionTimeout = Duration(seconds: 5)；dio：BaseOptions(connectTimeout: …, receiveTimeout: …)。',
};

const sendBody: FixTexts = {
  okhttp: () =>
    '把参数作为请求体发送：.post(json.toRequestBody("application/json".toMediaType()))；OkHttp 本身从不半关闭连接。',
  httpclient4: () =>
    'post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON))（或 UrlEncodedFormEntity）；只有查询参数的调用改用 HttpGet。',
  httpclient5: () =>
    'post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON))；只有查询参数的调用改用 HttpGet。',
  resttemplate: () =>
    'HttpHeaders h = new HttpHeaders(); h.setContentType(MediaType.APPLICATION_JSON); restTemplate.postForObject(url, new HttpEntity<>(json, h), String.class)——或发送表单体，或改用 GET；优先用 HttpComponentsClientHttpRequestFactory 而不是 HttpURLConnection。',
  webclient: () => 'webClient.post().uri(url).contentType(MediaType.APPLICATION_JSON).bodyValue(json)。',
  'java-httpclient': () =>
    'HttpRequest.newBuilder(uri).header("Content-Type", "application/json").POST(BodyPublishers.ofString(json))。',
  go: () =>
    'http.NewRequest("POST", url, bytes.NewReader(body)) 并设置 Content-Type；读完响应之前不要 CloseWrite()。',
  'node-http': () => '写入请求体并 req.end(body)，带上 Content-Type；收到响应前不要 socket.end()。',
  undici: () =>
    "fetch(url, { method: 'POST', body: JSON.stringify(data), headers: { 'content-type': 'application/json' } })。",
  axios: () => 'axios.post(url, data) 会发送 JSON 请求体；只有查询参数时用 axios.get(url, { params })。',
  requests: () =>
    'requests.post(url, json=data)（或 data=表单）；只有查询参数时用 requests.get(url, params=…)。',
  aiohttp: () => 'session.post(url, json=data)。',
  httpx: () => 'client.post(url, json=data)。',
  dotnet: () =>
    'client.PostAsync(url, JsonContent.Create(data))（或 new StringContent(json, Encoding.UTF8, "application/json")）。',
  dart: () => "dio.post(url, data: data, options: Options(contentType: 'application/json'))。",
};

const closeClean: FixTexts = {
  okhttp: () =>
    '共享一个 OkHttpClient；退出时 client.dispatcher.executorService.shutdown() 并 client.connectionPool.evictAll()。',
  httpclient4: () =>
    '整个应用只创建一个 CloseableHttpClient（线程安全），用完关闭响应，退出时关闭客户端——每次请求新建客户端、交给 GC 回收，会导致连接成批被关闭。',
  httpclient5: () => '每个应用一个 CloseableHttpClient；退出时 client.close(CloseMode.GRACEFUL)。',
  resttemplate: () =>
    '复用一个带连接池工厂的 RestTemplate；使用 HttpURLConnection 时把每个流读完，不要依赖 disconnect() 或 GC。',
  webclient: () => '复用一个 WebClient；退出时释放 ConnectionProvider（provider.disposeLater()）。',
  'java-httpclient': () => '复用一个 HttpClient；JDK 21+ 在退出时调用 client.close()（或 shutdown()）。',
  go: () => '复用一个 http.Client；退出时 tr.CloseIdleConnections()；始终关闭响应体。',
  'node-http': () =>
    '复用一个 Agent，退出时 agent.destroy()；正常结束请求并消费响应，而不是直接销毁 socket。',
  undici: () => '复用一个 dispatcher；退出时 await agent.close()（而不是 agent.destroy()）。',
  axios: () => '复用一个 axios 实例和一个 agent；只在退出时销毁 agent。',
  requests: () => '复用一个 Session 并在退出时关闭；关闭每个流式响应。',
  aiohttp: () => '每个应用一个 ClientSession；退出时 await session.close()。',
  httpx: () => '每个应用一个 Client，退出时关闭（with httpx.Client() as client:）。',
  dotnet: () =>
    '使用一个长生命周期的 HttpClient（或 IHttpClientFactory）；释放响应，而不是每个请求一个客户端。',
  dart: () => '复用一个 HttpClient / Dio；退出时 client.close()（不要 close(force: true)）。',
};

const idleAt = (a: TextArgs): string =>
  isNum(a.num('idleBeforeFinSeconds')) ? seconds(a.num('idleBeforeFinSeconds')) : '一段时间';

export const zhCN: TextPack = {
  labels: {
    healthy: '正常',
    'stale-keepalive-reuse': '复用了已失效的长连接',
    'keepalive-race': '长连接关闭竞争',
    'client-idle-close': '客户端关闭空闲连接',
    'retry-after-reset': '失败后静默重试',
    'connection-refused': '连接被拒绝',
    'upstream-refused-502': '上游失败导致的代理错误',
    'no-response': '无响应',
    'empty-post-reset': '空 POST 被重置',
    'client-abort-unread-response': '客户端未读完响应即中断',
    'close-wait-leak': 'CLOSE_WAIT 泄漏',
    'reset-burst': '连接集中关闭',
    'server-crash': '服务端崩溃',
    'retransmission-timeout': '重传超时',
    'zero-window': '零窗口',
    'abortive-close': '以 RST 强制关闭',
    'silent-idle-drop': '空闲连接被中间设备丢弃',
  },
  rules: {
    'stale-keepalive-reuse': {
      title: (a) =>
        `复用了已失效的长连接：服务端关闭连接 ${seconds(a.num('finToRequestSeconds'))} 后，客户端仍在其上发送 ${req(a)}`,
      explanation: (a) =>
        `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。服务端的最后一个响应在${fr(a.frame('lastResponse'))}结束；此后连接一直空闲，${idleAt(a)}后，服务端在${fr(a.frame('serverFin'))}发送 FIN 关闭了连接：这是它的 keep-alive 空闲超时。${serverTimerSentence(a)}${headerSentence(a)}` +
        `客户端内核确认了这个 FIN（${fr(a.frame('finAck'))}），客户端的 socket 进入 CLOSE_WAIT，但客户端连接池没有察觉，仍把它当作可复用的连接。` +
        `FIN 之后 ${seconds(a.num('finToRequestSeconds'))}——远大于往返时间（${seconds(a.num('rttSeconds'))}）——客户端在这个半关闭的连接上写出了 ${req(a)}（${fr(a.frame('request'))}）。` +
        (a.variant === 'rst'
          ? `服务端内核回了 RST（${fr(a.frame('rst'))}）：这个 socket 已经不属于任何进程。`
          : '服务端已经关闭了自己这一侧，无法再回复。') +
        '该请求从未被处理，客户端得到空响应或连接重置。修复在客户端：让连接池在服务端之前关闭空闲连接（连接池空闲时间小于服务端的超时），或在复用空闲过的连接前先校验；只对幂等请求重试。',
      serverFix: (a) =>
        `让服务端的空闲超时大于客户端连接池的空闲时间（Tomcat keepAliveTimeout、nginx keepalive_timeout、Node server.keepAliveTimeout）${a.serverIdle?.seconds != null ? `；目前约为 ${seconds(a.serverIdle.seconds)}` : ''}，并发送 Keep-Alive: timeout=N，让遵守该头的客户端（HttpClient 4/5、HttpURLConnection、Node）先让连接过期。`,
    },
    'keepalive-race': {
      title: (a) =>
        a.variant === 'crossed'
          ? '长连接关闭竞争：请求与服务端的 FIN 在链路上交错'
          : `长连接关闭竞争：请求在服务端 FIN 之后 ${seconds(a.num('finToRequestSeconds'))} 发出`,
      explanation: (a) => {
        const idle = a.num('idleBeforeFinSeconds');
        const why =
          isNum(idle) && idle < 0.5
            ? `它在最后一个响应（${fr(a.frame('lastResponse'))}）之后仅 ${seconds(idle)} 就关闭了连接，且没有 Connection: close 头：多半是单连接请求数上限（Apache MaxKeepAliveRequests、nginx keepalive_requests、Tomcat maxKeepAliveRequests），而不是空闲计时器。`
            : `这是在最后一个响应（${fr(a.frame('lastResponse'))}）之后 ${seconds(idle)}：它的 keep-alive 空闲超时。${serverTimerSentence(a)}`;
        const timing =
          a.variant === 'crossed'
            ? `客户端的 ${req(a)}（${fr(a.frame('request'))}）在 FIN 发出时已经在路上（FIN 没有确认它）：两者在链路上交错。`
            : `客户端的 ${req(a)} 紧随其后（${fr(a.frame('request'))}），距 FIN 仅 ${seconds(a.num('finToRequestSeconds'))}——在一个往返时间加几毫秒（${seconds(a.num('raceWindowSeconds'))}）之内：请求写出时客户端还不可能看到这个 FIN。`;
        return (
          `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。服务端在${fr(a.frame('serverFin'))}发送 FIN 关闭了这个长连接。${why}${timing}` +
          (a.frame('rst') !== undefined
            ? `服务端内核回了 RST（${fr(a.frame('rst'))}），因为它的 socket 已经关闭。`
            : '服务端已无法再回复。') +
          '单看任何一方的配置都没有错：空闲关闭总可能与新请求交错。让客户端在服务端之前关闭空闲的池化连接可以让它很少发生，对幂等请求重试一次可以让它无害。'
        );
      },
      serverFix: () =>
        '明确告知关闭：在连接的最后一个响应上发送 Connection: close（请求数上限时），并发送 Keep-Alive: timeout=N；服务端空闲超时大于客户端连接池空闲时间可以让竞争很少发生。',
    },
    'client-idle-close': {
      title: (a) =>
        `客户端在约 ${seconds(a.num('idleSeconds'))} 空闲后关闭了 ${a.num('connections')} 个池化连接（正常）`,
      explanation: (a) =>
        `客户端 ${a.ctx('client')} 在连接空闲 ${seconds(a.num('idleSeconds'))} 后，自己用 FIN 关闭了到 ${a.ctx('server')} 的${conns(a)}（最后数据${fr(a.frame('lastData'))}，客户端 FIN ${fr(a.frame('clientFin'))}${a.num('connections') > 1 ? `；空闲时间从 ${seconds(a.num('minSeconds'))} 到 ${seconds(a.num('maxSeconds'))}` : ''}）。没有 RST。` +
        `这是正确的方向：客户端连接池的空闲超时比服务端短${isNum(a.num('serverIdleTimeoutSeconds')) ? `（服务端在空闲 ${seconds(a.num('serverIdleTimeoutSeconds'))} 后关闭连接）` : ''}，所以客户端永远不会复用已被服务端关闭的连接。` +
        (a.clientMatch
          ? `${seconds(a.num('idleSeconds'))} 与${a.clientMatch.who.zh}的默认连接池空闲时间一致。`
          : '') +
        '无需修复；若调整任一方的超时，保持客户端小于服务端。',
      serverFix: () => '无需改动。若要降低服务端的空闲超时，请保持它大于客户端连接池的空闲时间。',
    },
    'retry-after-reset': {
      title: (a) => `静默重试：失败 ${seconds(a.num('delaySeconds'))} 后在新连接上重发了 ${req(a)}`,
      explanation: (a) => {
        const m = a.ctx('method');
        const safety =
          a.variant === 'idempotent'
            ? `${m} 是幂等方法（RFC 9110 §9.2.2），这次重试是安全的。`
            : a.variant === 'non-idempotent'
              ? `${m} 不是幂等方法（RFC 9110 §9.2.2）：如果服务端在连接失败前已经处理了第一次请求，它现在被执行了两次。RFC 9112 §9.3.1 禁止自动重试这类请求，除非客户端知道这样是安全的（幂等键）。默认会重放非幂等请求的库：OkHttp（retryOnConnectionFailure）、HttpURLConnection（sun.net.http.retryPost）、Feign 核心、libcurl。`
              : '看不到请求方法（加密或非 HTTP），重试是否安全取决于具体请求。';
        return (
          `在流 ${a.streams[0]} 上，客户端的 ${req(a)}（${fr(a.frame('failedRequest'))}）没有得到响应：连接在${fr(a.frame('failure'))}结束。` +
          `${seconds(a.num('delaySeconds'))} 后，同一客户端新建了到 ${a.ctx('server')} 的连接（流 ${a.streams[1]}，SYN 为${fr(a.frame('retrySyn'))}），并再次发送了同一个请求（${fr(a.frame('retryRequest'))}）${a.finding.numbers.retryAnswered ? '，这次得到了响应' : ''}。客户端库自行做了重试，应用可能根本没看到第一次失败。${safety}`
        );
      },
      serverFix: () =>
        '为非幂等接口引入幂等键（例如 Idempotency-Key 请求头），这样重放的请求能被识别，不会执行两次。',
    },
    'connection-refused': {
      title: (a) =>
        a.num('attempts') > 1
          ? `${a.ctx('server').replace(/:\d+$/, '')} 拒绝了 ${a.num('attempts')} 次连接${a.num('ports') > 1 ? `（涉及 ${a.num('ports')} 个端口）` : ''}`
          : `连接被拒绝：发往 ${a.ctx('server')} 的 SYN 收到 RST`,
      explanation: (a) =>
        `客户端 ${a.ctx('client')} 在${fr(a.frame('syn'))}向 ${a.ctx('server')} 发送 SYN；${fr(a.frame('rst'))}${isNum(a.num('synToRstSeconds')) ? `（${seconds(a.num('synToRstSeconds'))} 后）` : ''}，服务端主机回的是 RST,ACK 而不是 SYN,ACK（RFC 9293 §3.10.7.1）：该端口上没有进程在监听、防火墙规则拒绝了它，或监听队列已满。连接从未建立，请求也从未发出。` +
        (a.num('attempts') > 1 ? `共有${conns(a)}以同样方式被拒绝。` : '') +
        '修复在服务所在处：启动服务，检查它监听的端口和地址（0.0.0.0 还是 127.0.0.1）以及防火墙。客户端可以带退避重试：被拒绝的请求从未发出。',
      serverFix: () =>
        '确认服务在该端口和地址上监听、监听队列足够大（net.core.somaxconn 与服务自身的 backlog 设置），并且没有防火墙拒绝该端口；若在代理之后，确认代理指向了正确的上游。',
    },
    'upstream-refused-502': {
      title: (a) =>
        `${a.ctx('proxy')} 返回 HTTP ${a.num('status')}：它的上游 ${a.ctx('upstream')} ${a.variant === 'refused' ? '拒绝了连接' : a.variant === 'reset' ? '重置了连接' : '未响应即关闭'}`,
      explanation: (a) =>
        `客户端 ${a.ctx('client')} 向代理 ${a.ctx('proxy')} 发送了 ${req(a)}（${fr(a.frame('request'))}）。在它等待期间，代理到上游 ${a.ctx('upstream')} 的连接在${fr(a.frame('upstreamFailure'))}失败（流 ${a.streams[1] ?? '?'}：${a.variant === 'refused' ? '上游拒绝连接——没有进程在监听' : a.variant === 'reset' ? '上游重置了连接' : '上游未响应就关闭了连接'}）。` +
        `${seconds(a.num('upstreamToResponseSeconds'))} 后代理回复了 ${a.num('status')}（${fr(a.frame('response'))}）。这个 ${a.num('status')} 是代理在转述上游的失败（例如上游端口回 RST 时 nginx 会返回 502）；客户端和代理都没有问题——请检查上游服务。`,
      serverFix: (a) =>
        `修复或重启上游 ${a.ctx('upstream')}。nginx 中可以配置多个带健康检查的 server，并用 proxy_next_upstream 绕过挂掉的上游（除非设置 non_idempotent，POST 不会转给下一个上游）。`,
    },
    'no-response': {
      title: (a) =>
        a.variant === 'client-gave-up'
          ? `${req(a)} 没有响应：客户端等待 ${seconds(a.num('waitSeconds'))} 后放弃`
          : `无响应：服务端收到 ${req(a)} 后${a.variant === 'server-rst' ? '重置' : '关闭'}了连接`,
      explanation: (a) => {
        const head = `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。客户端发送了 ${req(a)}（${fr(a.frame('request'))}）${a.frame('requestAck') !== undefined ? `，服务端内核确认了它（${fr(a.frame('requestAck'))}），说明请求已经到达` : ''}。`;
        switch (a.variant) {
          case 'server-rst':
            return `${head}${seconds(a.num('waitSeconds'))} 后（${fr(a.frame('close'))}），服务端没有发送任何响应字节，就用 RST 中断了连接：服务端应用重置了它（错误处理路径上的 SO_LINGER 0、处理过程中崩溃），或者前面的代理/WAF 拒绝了该请求。客户端看到连接被重置。只对幂等请求重试：服务端可能已经处理过它。`;
          case 'half-close':
            return `${head}请求之后客户端立即半关闭了自己这一侧（FIN，${fr(a.frame('clientFin'))}：“我不会再发送数据”）。随后服务端没有回复就关闭了连接（${fr(a.frame('close'))}，距请求 ${seconds(a.num('waitSeconds'))}）：有些服务端和网关把半关闭当作请求被中止。读完响应之前不要关闭写方向。`;
          case 'client-gave-up':
            return `${head}没有收到任何响应字节；${seconds(a.num('waitSeconds'))} 后客户端放弃并关闭了连接（${fr(a.frame('close'))}）：这是它的读超时。服务端在这个请求上很慢或卡住了（线程阻塞、数据库慢、死锁）——或者响应在回程中丢失。`;
          default:
            return `${head}${seconds(a.num('waitSeconds'))} 后（${fr(a.frame('close'))}），服务端没有发送任何响应字节就用 FIN 关闭了连接：服务端应用读取了请求后关闭了 socket——处理失败或放弃、工作线程耗尽，或拒绝了该请求。客户端得到空响应（Apache HttpClient：NoHttpResponseException “failed to respond”，curl：“Empty reply from server”）。只对幂等请求重试：服务端可能已经处理过它。`;
        }
      },
      serverFix: () =>
        '在服务端日志中查找该时刻的这个请求：异常、工作线程上限、超时、中止。服务端应当回复（500、503），而不是默默关闭连接。',
    },
    'empty-post-reset': {
      title: (a) => `空请求体的 ${a.ctx('method') || 'POST'} 之后客户端发送 FIN：服务端未响应就重置了连接`,
      explanation: (a) =>
        `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。${fr(a.frame('request'))}：客户端发送了不带请求体的 ${req(a)}（Content-Length: 0）。${fr(a.frame('clientFin'))}，${seconds(a.num('finAfterRequestSeconds'))} 后：客户端用 FIN 半关闭了连接——表示“不再发送数据”，但仍在等待响应。` +
        `${fr(a.frame('rst'))}，FIN 之后 ${seconds(a.num('rstAfterFinSeconds'))}：服务端回了 RST，没有任何 HTTP 响应。严格的服务端或网关会把“无请求体的 POST + 半关闭”当作中止的上传并重置连接；客户端随后的读取失败，报 “Connection reset”。` +
        '客户端修复：把参数作为带 Content-Type 的请求体发送（只有查询参数时改用 GET），并且在读完响应前不要半关闭连接。',
      serverFix: () =>
        '配置服务端或网关对无请求体的 POST 回复 400（或 411），而不是重置连接，也不要把客户端的半关闭当作中止。',
    },
    'client-abort-unread-response': {
      title: (a) => `服务端仍在发送时客户端重置了连接（约 ${a.num('unreadBytes')} 字节响应未读）`,
      explanation: (a) =>
        `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。客户端请求了 ${req(a)}（${fr(a.frame('request'))}）。服务端在${fr(a.frame('responseStart'))}开始响应${isNum(a.num('contentLength')) ? `（Content-Length: ${a.num('contentLength')} 字节）` : ''}，并且仍在发送：已有 ${a.num('responseBytesReceived')} 字节到达客户端（最后一个在${fr(a.frame('lastDataBeforeRst'))}），此时在${fr(a.frame('rst'))}，响应开始 ${seconds(a.num('heldSeconds'))} 后，客户端发出的是 RST 而不是 FIN。` +
        '在 Linux 上，对接收缓冲区中还有未读数据的 socket 调用 close() 会发送 RST（RFC 2525 §2.17）：客户端应用停止了读取——只需要响应头、遇到错误或超时——然后关闭了连接。' +
        '客户端没有察觉任何异常。服务端的下一次写入失败，服务端日志中出现 “Connection reset by peer” 或 “Broken pipe”。客户端修复：把响应体读完（或者明知服务端会记录错误而有意中止），让连接以 FIN 结束。',
      serverFix: () =>
        '服务端无法阻止客户端中止；把这类重置当作正常的客户端中止处理（用 debug 级别记录），写失败时停止该请求的后续工作。',
    },
    'close-wait-leak': {
      title: (a) =>
        `${a.num('connections')} 个连接在${side(a.ctx('leakingSide'))}停留在 CLOSE_WAIT，最长 ${seconds(a.num('maxSeconds'))}`,
      explanation: (a) => {
        const leaker = side(a.ctx('leakingSide'));
        const peer = a.ctx('leakingSide') === 'client' ? '服务端' : '客户端';
        const end =
          a.frame('close') !== undefined
            ? `它最终在${fr(a.frame('close'))}关闭${a.num('resetOnClose') > 0 ? `（其中 ${a.num('resetOnClose')} 个连接以 RST 关闭：还有未读数据）` : ''}。`
            : '直到抓包结束它仍未关闭。';
        return (
          `${peer}在${fr(a.frame('peerFin'))}关闭了连接（FIN）；${leaker}内核确认了它（${fr(a.frame('finAck'))}），${leaker}的 socket 进入 CLOSE_WAIT。此后${leaker}应用在 ${seconds(a.num('closeWaitSeconds'))} 内既没有使用也没有关闭它。${end}` +
          (a.num('connections') > 1
            ? `${conns(a)}的情况相同，CLOSE_WAIT 时间从 ${seconds(a.num('minSeconds'))} 到 ${seconds(a.num('maxSeconds'))}。`
            : '') +
          `socket 会一直停留在 CLOSE_WAIT，直到应用调用 close()：${leaker}泄漏了连接（响应、流或客户端对象从未关闭），或者它的连接池察觉不到被${peer}关闭的连接。每个这样的连接都占用一个文件描述符${a.ctx('leakingSide') === 'client' ? '，而复用其中任何一个都会像复用失效长连接一样失败' : ''}。`
        );
      },
      serverFix: (a) =>
        a.ctx('leakingSide') === 'server'
          ? '服务端应用泄漏了 socket：客户端关闭它那一侧后（read 返回 EOF），服务端应关闭连接。'
          : '服务端没有问题：它按规范关闭了连接。泄漏在客户端。',
    },
    'reset-burst': {
      title: (a) =>
        `${a.ctx('host')} 在 ${seconds(a.num('spreadSeconds'))} 内关闭了 ${a.num('connections')} 个连接（${a.num('rsts')} 个 RST，${a.num('fins')} 个 FIN）`,
      explanation: (a) =>
        `在${fr(a.frame('first'))}到${fr(a.frame('last'))}之间（${seconds(a.num('spreadSeconds'))}），${a.ctx('host')}（${side(a.ctx('closingSide'))}）一次性关闭了 ${a.num('connections')} 个连接：${a.num('rsts')} 个用 RST，${a.num('fins')} 个用 FIN。` +
        `这些连接的空闲时间相差 ${seconds(a.num('idleSpreadSeconds'))}，所以这不是空闲计时器逐个触发：是同一个事件关闭了它们——进程退出、连接池被关闭，或在垃圾回收时由 finalizer 关闭了泄漏的 socket（从未关闭的 HttpURLConnection/HttpClient 对象）。` +
        '带着未读数据关闭的 socket 会发送 RST，对端日志中就是 “Connection reset by peer”。',
      serverFix: () =>
        '如果这种集中关闭与发布或重启同时发生，请在关闭时排空连接（停止接受新连接，等在途请求完成后再关闭）。',
    },
    'server-crash': {
      title: (a) =>
        `服务端 ${a.ctx('server')} 在同一时刻关闭了 ${a.num('connections')} 个连接，随后${a.num('refusedConnections') > 0 ? '拒绝了新连接' : '重置了后续请求'}`,
      explanation: (a) =>
        `在${fr(a.frame('firstClose'))}到${fr(a.frame('lastClose'))}之间（相隔 ${seconds(a.num('spreadSeconds'))}），服务端 ${a.ctx('server')} 一次性关闭了 ${a.num('connections')} 个已建立的连接——不是空闲超时：这些连接的空闲时间相差 ${seconds(a.num('idleSpreadSeconds'))}。` +
        (a.num('resetRequests') > 0
          ? `之后在这些连接上发送的 ${a.num('resetRequests')} 个请求都收到了 RST（第一个在${fr(a.frame('firstReset'))}）。`
          : '') +
        (a.num('refusedConnections') > 0
          ? `${a.num('refusedConnections')} 次新的连接尝试被拒绝（SYN 收到 RST，第一次在${fr(a.frame('firstRefusal'))}）：已经没有进程在监听。`
          : '') +
        '服务端进程崩溃或被停止（崩溃、OOM kill、kill -9、重新部署），其内核关闭了它拥有的所有 socket。请检查该时刻服务端的日志及其守护进程；客户端应对幂等请求带退避重试，直到服务恢复。',
      serverFix: () =>
        '查明进程退出的原因（日志、退出码、OOM killer、守护进程重启记录）；在带健康检查的负载均衡后面运行多个实例，发布时优雅停机。',
    },
    'retransmission-timeout': {
      title: (a) =>
        a.variant === 'syn'
          ? `连接超时：发往 ${a.ctx('to')} 的 SYN 重传了 ${a.num('retransmissions')} 次，始终没有应答`
          : `${side(a.ctx('sender'))}的数据重传了 ${a.num('retransmissions')} 次仍未被确认：连接超时`,
      explanation: (a) => {
        const backoff = `重传间隔从 ${seconds(a.num('firstIntervalSeconds'))} 增长到 ${seconds(a.num('lastIntervalSeconds'))}（指数 RTO 退避，RFC 6298 §5.5），总计 ${seconds(a.num('totalSeconds'))}`;
        if (a.variant === 'syn')
          return `${a.ctx('from')} 在${fr(a.frame('original'))}向 ${a.ctx('to')} 发送 SYN。没有任何回应，于是又重发了 ${a.num('retransmissions')} 次（直到${fr(a.frame('lastRetransmission'))}），${backoff}。端口被过滤、主机宕机或不可达，或者防火墙静默丢弃了 SYN；客户端最终报连接超时。`;
        return (
          `${side(a.ctx('sender'))}（${a.ctx('from')}）在${fr(a.frame('original'))}发送了 ${a.num('bytes')} 字节。一直没有收到确认，于是 TCP 又重发了 ${a.num('retransmissions')} 次（直到${fr(a.frame('lastRetransmission'))}），${backoff}。到 ${a.ctx('to')} 的这个方向的路径不通：丢包、路由故障、防火墙，或对端停止了响应。` +
          (a.frame('rst') !== undefined
            ? `${side(a.ctx('sender'))}内核已经放弃了这个连接，在${fr(a.frame('rst'))}回了 RST${a.frame('peerLater') !== undefined ? `（针对对端迟到的${fr(a.frame('peerLater'))}）` : ''}。`
            : '之后发送方不再发送：它的内核已经放弃。') +
          '应用看到的是超时（内核放弃时为 ETIMEDOUT，或者应用自己的读超时先触发）。'
        );
      },
      serverFix: () =>
        '检查两台主机之间的网络路径（防火墙与安全组规则、路由、MTU 与 PMTU 发现）以及对端主机的状态。',
    },
    'zero-window': {
      title: (a) => `零窗口：${side(a.ctx('receiver'))}停止读取 ${seconds(a.num('durationSeconds'))}`,
      explanation: (a) => {
        const r = side(a.ctx('receiver'));
        const s = a.ctx('receiver') === 'client' ? '服务端' : '客户端';
        return (
          `${r}（${a.ctx('receiverEndpoint')}）在${fr(a.frame('zeroWindow'))}通告了零接收窗口：它的应用停止了读取，socket 接收缓冲区已满（此前${s}的最后一段数据：${fr(a.frame('lastDataBefore'))}）。` +
          `${s}把剩余数据留在队列中，并探测了 ${a.num('probes')} 次窗口（坚持定时器，RFC 9293 §3.8.6.1；第一次探测为${fr(a.frame('firstProbe'))}）` +
          (a.variant === 'recovered'
            ? `，直到${r}在${fr(a.frame('windowUpdate'))}重新打开窗口（关闭后 ${seconds(a.num('durationSeconds'))}）；数据在${fr(a.frame('firstDataAfter'))}恢复发送。`
            : '，窗口在抓包中始终没有重新打开。') +
          `没有数据丢失，但只要${r}不读，传输就会停滞：消费者太慢、线程被阻塞或存在背压。持续太久的话，${s}的写超时可能触发。`
        );
      },
      serverFix: (a) =>
        a.ctx('receiver') === 'server'
          ? '服务端是读得慢的一方：提高其处理能力，或以流式方式处理上传而不是整体缓冲。'
          : '服务端无需改动；客户端需要更快地读取，或以流式方式处理响应。',
    },
    'abortive-close': {
      title: (a) =>
        a.num('connections') > 1
          ? `${a.num('connections')} 个连接被${side(a.ctx('resetter'))}以 RST 结束（强制关闭）`
          : `${side(a.ctx('resetter'))}以 RST 结束了连接（强制关闭）`,
      explanation: (a) => {
        const who = side(a.ctx('resetter'));
        const other = a.ctx('resetter') === 'client' ? '服务端' : '客户端';
        const many = a.num('connections') > 1 ? `${conns(a)}都以同样方式结束。` : '';
        switch (a.variant) {
          case 'after-close':
            return `${who}已经用 FIN 关闭了自己这一侧；之后到达的报文落到已关闭的 socket 上，${who}内核回了 RST（${fr(a.frame('rst'))}）。无害：交互已经结束。${many}`;
          case 'before-data':
            return `连接已建立，但${who}在交换任何数据之前就重置了它（${fr(a.frame('rst'))}）：只测试握手的端口扫描或健康检查，或者客户端立即放弃了连接。对${other}无害，但它的日志中可能出现一次重置。${many}`;
          case 'in-transfer':
            return `${who}在数据仍在交换时重置了连接（${fr(a.frame('rst'))}${a.frame('lastData') !== undefined ? `，最后数据${fr(a.frame('lastData'))}` : ''}），且没有已知模式可以解释：${who}应用中止或出错。${other}看到 “Connection reset by peer”；请查看${who}该时刻的日志。${many}`;
          default:
            return `所有请求都已得到响应（最后数据${fr(a.frame('lastData'))}${isNum(a.num('afterLastDataSeconds')) ? `，在 RST 之前 ${seconds(a.num('afterLastDataSeconds'))}` : ''}），随后${who}用 RST（${fr(a.frame('rst'))}）而不是 FIN 结束了连接：这是强制关闭——SO_LINGER 超时为 0，或者客户端、服务端、负载均衡用重置代替关闭。对交互无害，但${other}的日志中可能出现 “Connection reset by peer”。${many}`;
        }
      },
      serverFix: () => '无需处理。若这些重置干扰日志，请用 FIN 关闭（不要把 SO_LINGER 设为 0）。',
    },
    'silent-idle-drop': {
      title: (a) =>
        `连接空闲 ${seconds(a.num('idleSeconds'))} 后${a.variant === 'rst' ? '被重置' : '无应答'}：中间设备丢弃了连接状态`,
      explanation: (a) =>
        `流 ${a.streams[0]}，客户端 ${a.ctx('client')} → 服务端 ${a.ctx('server')}。连接空闲了 ${seconds(a.num('idleSeconds'))}，期间双方都没有发送 FIN（${fr(a.frame('lastBeforeIdle'))} → ${fr(a.frame('firstAfterIdle'))}）。${side(a.ctx('sender'))}在${fr(a.frame('firstAfterIdle'))}再次发送数据；` +
        (a.variant === 'rst'
          ? `得到的回应是 RST（${fr(a.frame('answer'))}，${seconds(a.num('answerAfterSeconds'))} 后）。`
          : `数据被重传却始终没有应答（最后一次为${fr(a.frame('answer'))}）。`) +
        '两端都仍认为连接是打开的，所以是中间的设备——NAT 网关、防火墙、负载均衡——在空闲期间丢弃了连接状态' +
        (a.middleboxes.length > 0
          ? `（空闲上限不超过 ${seconds(a.num('idleSeconds'))} 的有：${a.middleboxes.map((m) => m.who.zh).join('；')}）`
          : '') +
        '。不要让连接空闲这么久：在该上限之前关闭池化连接，或启用间隔小于该上限的 TCP keepalive。',
      serverFix: () =>
        '在可配置的地方调大中间设备的空闲超时（AWS NLB tcp.idle_timeout.seconds、Azure LB IdleTimeoutInMinutes 配合 EnableTcpReset），或由服务端发送间隔更短的 TCP keepalive。',
    },
  },
  fixes: { poolIdle, retrySafe, connect, readBody, timeouts, sendBody, closeClean },
  noException: '客户端没有异常。',
  serverLogs: '服务端日志中会出现：',
  summary: {
    headline: (s) => {
      if (s.connections === 0) return '本抓包中没有 TCP 连接。';
      const bad = s.counts.filter(([l]) => l !== 'healthy');
      const list = (xs: typeof bad) =>
        xs
          .slice(0, 3)
          .map(([l, n]) => `${zhCN.labels[l]} ${n} 个`)
          .join('，');
      const idle = s.idle.find((e) => e.seconds != null && e.samples > 1);
      const idleText = idle ? `；${zhCN.summary.idleTimeout(idle)}` : '';
      if (s.endedBadly > 0)
        return `共 ${s.connections} 个连接，${s.endedBadly} 个异常结束：${list(bad)}${idleText}。`;
      const warnings = bad.filter(([l]) => SEVERITY[l] === 'warning');
      if (warnings.length > 0)
        return `共 ${s.connections} 个连接，没有连接直接失败；值得关注：${list(warnings)}${idleText}。`;
      if (bad.length > 0) return `共 ${s.connections} 个连接，没有连接失败（${list(bad)}）${idleText}。`;
      return `全部 ${s.connections} 个连接都正常${idleText}。`;
    },
    idleTimeout: (e: IdleTimeoutEstimate) => {
      if (e.seconds == null) return `${e.server} 声明了 Keep-Alive: timeout=${e.keepAliveHeader}`;
      const who = e.match ? `，与${e.match.who.zh}相同` : '';
      const hdr = e.keepAliveHeader != null ? `（它声明了 Keep-Alive: timeout=${e.keepAliveHeader}）` : '';
      return `${e.server} 在空闲 ${seconds(e.seconds)} 后关闭连接，共 ${e.samples} 个连接${who}${hdr}`;
    },
  },
  report: {
    title: 'Wirelens 诊断报告',
    connections: '连接数',
    endedBadly: '异常结束',
    perDiagnosis: '各诊断数量',
    idleTimeouts: '服务端空闲超时',
    findings: '发现',
    flows: '连接',
    streams: '流',
    frames: '包',
    clientSaw: '客户端最可能看到的异常',
    fixes: '各客户端库的修复方法',
    serverSide: '服务端',
    numbers: '测量值',
    ruleErrors: '运行失败的规则',
    none: '无',
    stream: '流',
    client: '客户端',
    server: '服务端',
    diagnosis: '诊断',
    labels: '其他标签',
  },
};
