// One GET with Node's http module on a fresh connection (agent: false); prints the status or the error.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { url: { type: 'string' } } });
const req = http.get(values.url, { agent: false, timeout: 5000 }, (res) => {
  res.resume();
  res.on('end', () => console.log(`SAW ${res.statusCode} ${res.statusMessage}`));
});
req.on('error', (e) => console.log(`SAW Error: ${e.message} (${e.code})`));
req.on('timeout', () => req.destroy(new Error('timeout')));
