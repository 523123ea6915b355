// A fuzz worker thread: loads the engine bundle and the corpus, says it is ready, then runs the
// batches of case indices the campaign sends, one message per finished case. A case that never
// returns leaves the thread silent; the campaign's watchdog then terminates it (campaign.mjs).
import { parentPort, workerData } from 'node:worker_threads';

const { bundle, files, seed, budgetMs } = workerData;
const { createEngine } = await import(bundle);
const engine = await createEngine({ files, seed, budgetMs });
parentPort.postMessage({ type: 'ready', info: engine.info });

parentPort.on('message', async ({ from, to }) => {
  for (let index = from; index < to; index++) {
    let report;
    try {
      report = await engine.run(index);
    } catch (e) {
      // runCase catches everything the pipeline throws; this is a fault of the harness itself.
      report = {
        index,
        kind: 'harness',
        subject: '?',
        outcome: 'refused',
        ms: 0,
        size: 0,
        heapGrowth: 0,
        bufferGrowth: 0,
      };
      report.failure = `case ${index}: the fuzz harness failed: ${e?.stack ?? e}`;
    }
    parentPort.postMessage({ type: 'case', report });
  }
  parentPort.postMessage({ type: 'batch-done' });
});
