// Streamed decompression of gzip (DecompressionStream, in browsers and Node ≥ 18) and zstd (fzstd's
// streaming Decompress): chunks in, chunks out, so a 1 GB .gz never sits in memory whole. A damaged
// or cut-short compressed stream ends the output after everything decoded before the fault and
// calls `onError`; the capture reader then reports whatever record was cut.
import { Decompress } from 'fzstd';
import { CaptureError } from './types';
import { ZstdFrameWalker } from './zstd-frames';

export type CompressionKind = 'gzip' | 'zstd';

/** Called once when the compressed data is damaged or ends early, with the decompressed bytes so far. */
export type DecompressErrorHandler = (message: string, decompressedBytes: number) => void;

export function decompress(
  kind: CompressionKind,
  input: AsyncIterable<Uint8Array>,
  onError: DecompressErrorHandler,
): AsyncGenerator<Uint8Array> {
  return kind === 'gzip' ? gunzip(input, onError) : unzstd(input, onError);
}

async function* unzstd(
  input: AsyncIterable<Uint8Array>,
  onError: DecompressErrorHandler,
): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  const z = new Decompress((chunk) => {
    if (chunk.length > 0) out.push(chunk);
  });
  // fzstd decodes a push synchronously and allocates each frame's window when it reads the frame
  // header: the walker cuts the input after every few blocks, so a highly compressed chunk (RLE
  // blocks expand 32768-fold) is handed on piece by piece, not held whole, and it stops before a
  // frame that declares a huge window (zstd-frames.ts).
  const walker = new ZstdFrameWalker();
  let produced = 0;
  let failure: string | null = null;
  const feed = (chunk: Uint8Array, last: boolean): void => {
    try {
      z.push(chunk, last);
    } catch (e) {
      failure = errorText(e);
    }
  };
  for await (const chunk of input) {
    for (const piece of walker.split(chunk)) {
      feed(piece, false);
      for (const c of out.splice(0)) {
        produced += c.length;
        yield c;
      }
      if (failure !== null) return onError(`the zstd data is damaged: ${failure}`, produced);
    }
    if (walker.fault !== null) return onError(walker.fault, produced);
  }
  feed(new Uint8Array(0), true);
  for (const c of out.splice(0)) {
    produced += c.length;
    yield c;
  }
  if (failure !== null) onError(`the zstd data ends early or is damaged: ${failure}`, produced);
}

async function* gunzip(
  input: AsyncIterable<Uint8Array>,
  onError: DecompressErrorHandler,
): AsyncGenerator<Uint8Array> {
  const ds = new DecompressionStream('gzip');
  const writer = ds.writable.getWriter() as WritableStreamDefaultWriter<Uint8Array>;
  const reader = ds.readable.getReader();
  const state = { stopped: false, reading: false, inputError: null as unknown };
  const pump = pumpInto(input, writer, state);
  let produced = 0;
  try {
    for (;;) {
      let r: ReadableStreamReadResult<Uint8Array>;
      state.reading = true;
      try {
        r = await reader.read();
      } catch (e) {
        if (state.inputError !== null) throw state.inputError;
        onError(`the gzip data ends early or is damaged: ${errorText(e)}`, produced);
        return;
      } finally {
        state.reading = false;
      }
      if (r.done) return;
      produced += r.value.length;
      yield r.value;
    }
  } finally {
    state.stopped = true;
    reader.cancel().catch(() => {});
    await pump;
  }
}

interface PumpState {
  stopped: boolean;
  reading: boolean;
  inputError: unknown;
}

/** Writes the input into the decompressor; closes it only once the consumer has taken all output. */
async function pumpInto(
  input: AsyncIterable<Uint8Array>,
  writer: WritableStreamDefaultWriter<Uint8Array>,
  state: PumpState,
): Promise<void> {
  try {
    for await (const chunk of input) {
      if (state.stopped) return;
      await writer.write(chunk);
    }
    // Closing a stream that ends early errors it, and an errored stream drops the output still
    // queued for the reader. So wait until the reader has drained the queue (it sits in read()
    // across two macrotasks) before closing.
    while (!state.stopped) {
      await nextMacrotask();
      if (state.reading) {
        await nextMacrotask();
        if (state.reading) break;
      }
    }
    await writer.close();
  } catch (e) {
    if (e instanceof CaptureError) state.inputError = e;
    await writer.abort(e).catch(() => {});
  }
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
