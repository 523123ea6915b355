// What the analysis worker's result costs to cross to the page, measured in Node:
//   node --expose-gc message-child.mjs FILE BUNDLE
// BUNDLE (made by message-cost.mjs) exports openCapture, packResult, packDetails and NodeFileSource
// from src/.
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
  // Packing runs in the worker after the analysis, before the first message leaves: on the way to
  // the flow list. The second part is packed while the page draws the list.
  const packed = time(() => mod.packResult(opened));
  const packedDetails = time(() => mod.packDetails(opened));
  const { value } = packed.value;
  const details = packedDetails.value.value;
  const { flowSet, diagnosis, addresses, ...rest } = value;
  const flows = flowSet?.flows ?? null;
  const parts = {
    'first message: flows (per-flow columns, rows included)': flows,
    'first message: flows: their rows alone': flows?.rows ?? null,
    'first message: flow list default order': flowSet?.listOrder ?? null,
    'first message: diagnosis: per-flow labels': diagnosis?.flowLabels ?? null,
    'first message: diagnosis: the rest': diagnosis ? { ...diagnosis, flowLabels: null } : null,
    'first message: addresses (copied)': addresses,
    'first message: everything else': rest,
    'second message: packet table': details.table,
    'second message: per-packet flow columns': details.packets,
    'second message: HTTP exchanges (columns)': details.http,
    'second message: findings (facts, columns)': details.findings,
    'second message: strings (one string table)': details.strings,
  };
  const out = {
    packets: opened.packets,
    flows: flows?.count ?? 0,
    httpExchanges: details.http?.unanswered.length ?? 0,
    findings: details.findings?.count ?? 0,
    packMs: packed.ms,
    packDetailsMs: packedDetails.ms,
    parts: [],
    whole: null,
  };
  for (const [name, part] of Object.entries(parts)) out.parts.push({ name, ...cost(part) });
  out.whole = cost(value);
  out.wholeDetails = cost(details);
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String(e?.stack ?? e) })}\n`);
  process.exitCode = 1;
});
