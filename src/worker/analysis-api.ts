// The one narrow contract between the page and the analysis worker. Everything here crosses a
// postMessage boundary, so it is plain data: no classes, no functions. Nothing big crosses as objects:
// the table travels as a TransferableTable (rebuilt on the main thread by fromTransferable), the
// flows and the diagnosis as typed-array columns (flow-transfer.ts, http-transfer.ts,
// diagnosis-transfer.ts) whose buffers are in the transfer list; the page builds a Flow, a
// FlowDiagnosis or a finding from them only when it reads one (unpack-result.ts). A result crosses in
// two parts: open() gives what the flow list needs, details() the rest.
import type { Lang } from '../analysis/diagnose';
import type { Label } from '../analysis/labels';
import type { IdleTimeoutSummary } from '../analysis/summary';
import type { Finding, FlowDiagnosis, RuleError } from '../analysis/types';
import type { CaptureErrorKind, CaptureFormat, CaptureWarning, Compression } from '../capture/types';
import type { PacketFlowColumns } from '../flows/model';
import type { PackedDiagnosis, PackedFindings } from './diagnosis-transfer';
import type { PackedFlows } from './flow-transfer';
import type { FrameExport, FrameExportRequest } from './frame-export';
import type { PackedHttp } from './http-transfer';
import type { PackedStrings } from './string-table';
import type { TransferableTable } from './table-transfer';
import type { UrlFailure } from './url-source';

export type { Lang, UrlFailure };
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

/** What the worker reports while it reads; the page derives percent and MB/s from it. */
export interface LoadProgress {
  /** Bytes of the file consumed so far (compressed bytes for a compressed file). */
  bytesRead: number;
  bytesTotal: number | undefined;
  packets: number;
  /** Milliseconds since the worker started this read (the second read of a big file counts afresh). */
  elapsedMs: number;
  /**
   * Which read of a big file this is (open-capture.ts): `listing`, the connection table alone, whose
   * flow list the page shows first, then `diagnosing`, the whole file again for the whole analysis.
   * Each counts bytes from 0. Absent when the file is read once.
   */
  phase?: 'listing' | 'diagnosing';
}

/** Why a read stopped. `internal` is a bug in Wirelens rather than a problem with the file. */
export interface LoadFailure {
  kind: CaptureErrorKind | 'internal';
  message: string;
  /** Byte offset in the (decompressed) file where the fault was found. */
  offset?: number;
  /** 1-based frame number of the record that could not be read. */
  frame?: number;
}

/** The text fields of a Finding: rendered per language, on demand (see FindingFacts). */
export type FindingTexts = Pick<
  Finding,
  'title' | 'explanation' | 'clientSaw' | 'serverSaw' | 'fixes' | 'serverFix'
>;

/**
 * A finding without its texts. A capture can hold tens of thousands of findings with fifteen fix
 * texts each (80 MB of text per language for 14 000 refused connections), so the page gets the facts
 * up front and asks for the texts of the findings it shows, in the language it shows them in.
 */
export type FindingFacts = Omit<Finding, keyof FindingTexts>;

/** The diagnosis as the page gets it: every fact, and the short texts in both languages. */
export interface DiagnosisFacts {
  /** One entry per flow, indexed like FlowSet.flows (UDP flows are `healthy`). */
  flows: FlowDiagnosis[];
  findings: FindingFacts[];
  connections: number;
  endedBadly: number;
  /** Connections per primary diagnosis, most frequent first. */
  counts: Partial<Record<Label, number>>;
  headlines: Record<Lang, string>;
  idleTimeouts: Record<Lang, IdleTimeoutSummary[]>;
  /** The diagnosis names as the texts write them. */
  labelNames: Record<Lang, Record<Label, string>>;
  ruleErrors: RuleError[];
}

/** What a result says about the read itself, in every form (worker, wire, page). */
export interface CaptureFacts {
  fileName: string;
  fileSize: number;
  /** null when the file was not recognised as a capture at all. */
  format: CaptureFormat | null;
  compressed: Compression;
  linkTypes: number[];
  packets: number;
  truncated: boolean;
  warnings: CaptureWarning[];
  bytesRead: number;
  /** Set when the read stopped with an error; the packets read before the fault are still in `table`. */
  error: LoadFailure | null;
  elapsedMs: number;
}

/** The diagnosis without the findings' facts: what the summary and the flow list show. */
export type DiagnosisSummary = Omit<DiagnosisFacts, 'findings'>;

/** The flows as they cross in the first message: per-flow columns, their HTTP exchanges apart. */
export interface PackedFlowSet {
  flows: PackedFlows;
  /** The flow list's default order, as indexes of the TCP flows (list-order.ts). */
  listOrder: Uint32Array;
}

/**
 * The result as it crosses to the page, first message: what the summary and the flow list show, a
 * few MB for a 1 GB capture. The rest (the packet table, the per-packet flow columns, the HTTP
 * exchanges and the findings' facts: what the selected connection's view reads) is ResultDetails.
 */
export interface AnalysisResult extends CaptureFacts {
  /** The connections, null when no packet could be read. */
  flowSet: PackedFlowSet | null;
  /** null when there are no flows, or the analysis failed (then `error` says why). */
  diagnosis: PackedDiagnosis | null;
  /** The packet table's addresses (a copy: the list shows endpoints); null when no packet was read. */
  addresses: TransferableTable['addresses'] | null;
  /** Time of the first frame, seconds since the epoch (0 without packets): the list's time origin. */
  firstTime: number;
}

/** The second message. */
export interface ResultDetails {
  /** null when not a single packet could be read. */
  table: TransferableTable | null;
  /** The FlowSet's per-packet columns; null when there are no flows. */
  packets: PacketFlowColumns | null;
  /** null when there are no flows. */
  http: PackedHttp | null;
  /** null without a diagnosis. */
  findings: PackedFindings | null;
  /** The strings of `http` and `findings`. */
  strings: PackedStrings;
}

/**
 * The bytes of one frame the page wants: `length` bytes from `skip` bytes into the frame's data.
 * `offset` is the packet table's fileOffset (the record header's offset in the decompressed file).
 */
export interface FrameRequest {
  offset: number;
  skip: number;
  length: number;
}

/** What openUrl gives: the analysis, or why the capture could not be fetched at all. */
export type UrlOpenResult = { result: AnalysisResult; failure: null } | { result: null; failure: UrlFailure };

/** How open() reads a file. */
export interface OpenFileOptions {
  /**
   * The two-pass threshold (EARLY_LIST_MIN_BYTES by default): from this size the flow list comes
   * before the diagnosis, through open()'s `onEarlyList`. Tests set it low to force two passes.
   */
  earlyListMinBytes?: number;
}

/** The worker's API as Comlink exposes it. One worker serves one capture: open() first, then the rest. */
export interface AnalysisApi {
  /**
   * Reads and analyses a file. A big one is read twice (open-capture.ts): `onEarlyList` gets the
   * flow list first (packed like the result, `diagnosis` null, nothing to ask details() for), and the
   * promise the whole result as for a small file.
   */
  open(
    file: File,
    onProgress: (p: LoadProgress) => void,
    onEarlyList?: (early: AnalysisResult) => void,
    options?: OpenFileOptions,
  ): Promise<AnalysisResult>;
  /**
   * Fetches an absolute http(s) URL the user gave (`?url=`) and reads it as it downloads; `pageProtocol`
   * is the page's location.protocol (an https page cannot fetch plain http).
   */
  openUrl(url: string, pageProtocol: string, onProgress: (p: LoadProgress) => void): Promise<UrlOpenResult>;
  /**
   * The second part of the result of open() or openUrl(). Once only: its buffers are transferred,
   * the worker keeps no copy (a second call gets no table and no per-packet columns).
   */
  details(): Promise<ResultDetails>;
  /** Texts of findings (indexes into DiagnosisFacts.findings) in `lang`. */
  findingTexts(indexes: number[], lang: Lang): Promise<FindingTexts[]>;
  /** Bytes of frames, re-read from the file on demand (decompressing again for gzip/zstd). */
  readFrames(requests: FrameRequest[]): Promise<Uint8Array[]>;
  /** Cuts the requested frames out of the file into a new capture file (frame-export.ts). */
  exportFrames(request: FrameExportRequest): Promise<FrameExport>;
}
