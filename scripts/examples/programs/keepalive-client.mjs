// Node's http.Agent with keepAlive and one socket: --requests sequential GETs reuse one connection;
// then agent.destroy() closes it (client FIN first). The healthy baseline.
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { url: { type: 'string' }, requests: { type: 'string', default: '4' } },
});
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function get(url) {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
  });
}

const statuses = [];
for (let n = 1; n <= Number(values.requests); n++) statuses.push(await get(`${values.url}/${n}`));
agent.destroy();
console.log(`SAW ${statuses.length} responses [${statuses}] on one connection`);
