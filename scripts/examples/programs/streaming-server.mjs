// Node's http server streaming a long response slowly (a report export): headers at once, then a
// --chunk-byte chunk every --interval-ms. When the client resets the connection the write fails and
// Node reports the error the server logs in real life. Prints READY; exits after --lifetime seconds.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    chunk: { type: 'string', default: '1000' },
    'interval-ms': { type: 'string', default: '10' },
    chunks: { type: 'string', default: '200' },
    lifetime: { type: 'string', default: '30' },
  },
});
const chunkBytes = Number(values.chunk);
const chunks = Number(values.chunks);

const server = http.createServer((req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/csv', 'Content-Length': chunkBytes * chunks });
  res.flushHeaders();
  let sent = 0;
  const line = 'id,customer,amount,created_at\n'.repeat(Math.ceil(chunkBytes / 30)).slice(0, chunkBytes);
  const timer = setInterval(() => {
    if (sent === chunks) {
      clearInterval(timer);
      res.end();
      return;
    }
    sent++;
    res.write(line);
  }, Number(values['interval-ms']));
  req.socket.on('error', (e) =>
    console.log(`SAW ${e.code} (${e.message}) after ${sent} of ${chunks} chunks`),
  );
  res.on('close', () => {
    clearInterval(timer);
    if (!res.writableFinished)
      console.log(`server: response closed early after ${sent * chunkBytes} body bytes`);
  });
});
server.listen(Number(values.port), '127.0.0.1', () => console.log('READY'));
setTimeout(() => process.exit(0), Number(values.lifetime) * 1000).unref();
