// What the analysis worker's result costs to cross to the page, measured in Node:
//   node --expose-gc message-child.mjs FILE BUNDLE
// BUNDLE (made by message-cost.mjs) exports openCapture, packResult and NodeFileSource from src/.
// The result is built exactly as the worker builds it, then each part is serialised and deserialised
// with V8's serializer (the format postMessage uses); deserialising is what the page's main thread
// does, in one task, when the message arrives. Typed arrays are copied here where postMessage
// transfers them, so the table and column parts are upper bounds. Each time is the best of three.
// Prints one JSON line.
import v8 from 'node:v8';

const [file, bundle] = process.argv.slice(2);

function time(fn) {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** Best of three (the machine is shared: the fastest run is the least disturbed one). */
function cost(value) {
  let best = null;
  for (let i = 0; i < 3; i++) {
    globalThis.gc?.();
    const s = time(() => v8.serialize(value));
    globalThis.gc?.();
    const d = time(() => v8.deserialize(s.value));
    best = {
      bytes: s.value.length,
      serializeMs: Math.min(best?.serializeMs ?? Infinity, s.ms),
      deserializeMs: Math.min(best?.deserializeMs ?? Infinity, d.ms),
    };
  }
  return best;
}

async function main() {
  const mod = await import(bundle);
  const source = await mod.NodeFileSource.open(file);
  let opened;
  try {
    opened = await mod.openCapture(source);
  } finally {
    await source.close?.();
  }
  const { value } = mod.packResult(opened);
  const flows = value.flowSet?.flows ?? [];
  const { flowSet, diagnosis, table, ...rest } = value;
  const parts = {
    'flows (Flow objects, HTTP exchanges included)': flows,
    'flows: their HTTP exchanges alone': flows.map((f) => f.http),
    'flows: their per-packet rows alone': flows.map((f) => f.rows),
    'per-packet flow columns': flowSet?.columns ?? null,
    'diagnosis: per-flow labels': diagnosis?.flows ?? null,
    'diagnosis: findings (facts)': diagnosis?.findings ?? null,
    'diagnosis: the rest': diagnosis ? { ...diagnosis, flows: null, findings: null } : null,
    'packet table': table,
    'everything else': rest,
  };
  const out = {
    packets: opened.packets,
    flows: flows.length,
    httpExchanges: 0,
    findings: diagnosis?.findings.length ?? 0,
    parts: [],
    whole: null,
  };
  for (const f of flows) out.httpExchanges += f.http.length;
  for (const [name, part] of Object.entries(parts)) out.parts.push({ name, ...cost(part) });
  out.whole = cost(value);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e?.stack ?? e) })}\n`);
  process.exitCode = 1;
});
