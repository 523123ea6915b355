// A strict gateway: it reads a request, and when the client half-closes (FIN) before it has answered,
// it takes the request as aborted and resets the connection (socket.resetAndDestroy(): SO_LINGER 0,
// so the kernel sends RST instead of FIN, RFC 9293 section 3.6) without writing a response.
// Prints READY once listening; exits after --lifetime seconds.
import net from 'node:net';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { port: { type: 'string' }, lifetime: { type: 'string', default: '30' } },
});

// allowHalfOpen: otherwise Node would answer the client's FIN with its own FIN on 'end'.
const server = net.createServer({ allowHalfOpen: true }, (socket) => {
  let head = '';
  socket.on('data', (d) => {
    head += d.toString('latin1');
  });
  socket.on('end', () => {
    const line = head.split('\r\n', 1)[0];
    console.log(`SAW "${line}" then EOF from the client before any body: reset the connection`);
    socket.resetAndDestroy();
  });
  socket.on('error', (e) => console.log(`server: socket error ${e.code}`));
});
server.listen(Number(values.port), '127.0.0.1', () => console.log('READY'));
setTimeout(() => process.exit(0), Number(values.lifetime) * 1000).unref();
