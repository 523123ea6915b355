// Node's http server with a short keep-alive timeout: it answers with `Keep-Alive: timeout=N` and
// closes an idle connection (FIN) after keepAliveTimeout ms. Used as the server of the stale reuse
// example and as nginx's upstream. Prints READY once listening; exits after --lifetime seconds.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    'keep-alive-ms': { type: 'string', default: '1000' },
    lifetime: { type: 'string', default: '30' },
  },
});

const server = http.createServer((req, res) => {
  const body = `hello from node ${process.version}, you asked for ${req.url}\n`;
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
  console.log(`server: ${req.method} ${req.url} from ${req.socket.remoteAddress}:${req.socket.remotePort}`);
});
server.keepAliveTimeout = Number(values['keep-alive-ms']);
server.listen(Number(values.port), values.host, () => console.log('READY'));
setTimeout(() => process.exit(0), Number(values.lifetime) * 1000).unref();
