// The benchmark inputs: what each one is, its generated file under bench-data/, and generation with
// reuse (a file is regenerated only when its parameters or the generator's code changed).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CaptureWriter } from './capture-writer.mjs';
import { generateHttp } from './http-traffic.mjs';
import { createRng } from './prng.mjs';
import { generateSmall } from './small-traffic.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const GENERATOR_FILES = [
  'prng.mjs',
  'capture-writer.mjs',
  'tcp-frame.mjs',
  'scheduler.mjs',
  'http-messages.mjs',
  'http-traffic.mjs',
  'small-traffic.mjs',
  'datasets.mjs',
];
export const SEED = 'wirelens-bench-1';

/** Sizes per mode: quick fits a 5-minute run with tshark on 2 cores; full is issue 7's 1 GB / 10 M. */
export const SIZES = {
  quick: { httpBytes: 100e6, smallPackets: 1e6 },
  full: { httpBytes: 1e9, smallPackets: 10e6 },
};

function label(n) {
  if (n >= 1e9 && n % 1e9 === 0) return `${n / 1e9}G`;
  if (n >= 1e6) return `${Math.round(n / 1e6)}M`;
  return `${Math.round(n / 1e3)}k`;
}

/**
 * The three inputs for given sizes: mixed HTTP as pcap and as pcapng (same traffic, same seed), and
 * small packets as pcap.
 */
export function datasetSpecs(sizes, dataDir) {
  // The pcapng file holds exactly the pcap file's packets (same seed, stopped at the same count), so
  // the two formats are compared on identical traffic.
  const http = (format) => ({
    id: `http-${format}`,
    title: `mixed HTTP, ${format}`,
    kind: 'http',
    format,
    target: sizes.httpBytes,
    samePacketsAs: format === 'pcapng' ? 'http-pcap' : undefined,
    file: path.join(dataDir, `http-${label(sizes.httpBytes)}B.${format}`),
  });
  return [
    http('pcap'),
    http('pcapng'),
    {
      id: 'small-pcap',
      title: 'small packets, pcap',
      kind: 'small',
      format: 'pcap',
      target: sizes.smallPackets,
      file: path.join(dataDir, `small-${label(sizes.smallPackets)}pkt.pcap`),
    },
  ];
}

export function generatorHash() {
  const h = createHash('sha256');
  for (const f of GENERATOR_FILES) h.update(readFileSync(path.join(here, f)));
  return h.digest('hex').slice(0, 16);
}

function sidecarPath(file) {
  return `${file}.json`;
}

/** The stored description of `spec`'s file when it is present and was made with these parameters. */
export function existingDataset(spec, hash, packets) {
  const side = sidecarPath(spec.file);
  if (!existsSync(side) || !existsSync(spec.file)) return null;
  try {
    const meta = JSON.parse(readFileSync(side, 'utf8'));
    const same =
      meta.generator === hash &&
      meta.kind === spec.kind &&
      meta.format === spec.format &&
      meta.target === spec.target &&
      meta.seed === SEED &&
      meta.targetPackets === packets;
    return same && statSync(spec.file).size === meta.bytes ? meta : null;
  } catch {
    return null;
  }
}

/** Generates `spec`'s file (to a temporary name, renamed when complete) and its sidecar. */
export async function generateDataset(spec, hash, packets) {
  await mkdir(path.dirname(spec.file), { recursive: true });
  const tmp = `${spec.file}.partial`;
  const started = performance.now();
  const rng = createRng(`${SEED}/${spec.kind}`);
  const writer = new CaptureWriter(tmp, spec.format);
  const stats =
    spec.kind === 'http'
      ? await generateHttp(rng, writer, spec.target, packets)
      : await generateSmall(rng, writer, spec.target);
  await writer.close();
  renameSync(tmp, spec.file);
  const meta = {
    generator: hash,
    seed: SEED,
    kind: spec.kind,
    format: spec.format,
    target: spec.target,
    targetPackets: packets,
    packets: writer.packets,
    bytes: writer.bytesWritten,
    ...stats,
    generatedInSeconds: Math.round(performance.now() - started) / 1000,
  };
  writeFileSync(sidecarPath(spec.file), `${JSON.stringify(meta, null, 2)}\n`);
  return meta;
}

/**
 * The dataset's description, generating the file first when it is missing or stale. `packets`, when
 * given, makes the generator stop at that packet count instead of the byte target.
 */
export async function ensureDataset(spec, hash, log, packets) {
  const meta = existingDataset(spec, hash, packets);
  if (meta) {
    log(
      `reusing ${path.relative(process.cwd(), spec.file)} (${meta.packets} packets, ${(meta.bytes / 1e6).toFixed(0)} MB)`,
    );
    return meta;
  }
  log(`generating ${path.relative(process.cwd(), spec.file)} ...`);
  const made = await generateDataset(spec, hash, packets);
  log(
    `  ${made.packets} packets, ${(made.bytes / 1e6).toFixed(0)} MB, ${made.flows} flows in ${made.generatedInSeconds} s`,
  );
  return made;
}

/** A one-packet capture: tshark's time on it is its start-up cost, shown beside its real runs. */
export async function ensureTinyCapture(dataDir) {
  const file = path.join(dataDir, 'tiny-1pkt.pcap');
  if (existsSync(file)) return file;
  await mkdir(dataDir, { recursive: true });
  const writer = new CaptureWriter(`${file}.partial`, 'pcap');
  await generateSmall(createRng(`${SEED}/tiny`), writer, 1);
  await writer.close();
  renameSync(`${file}.partial`, file);
  return file;
}
