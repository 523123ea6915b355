// Example captures shipped in public/examples/ (made by scripts/examples/ from the seed cases), listed
// with titles in both languages by public/examples/index.json. Fetched only when the user asks for
// one. If the index cannot be read, the stale keep-alive example is still offered by name.
import type { UiLang } from './i18n/language';

export interface Example {
  id: string;
  file: string;
  title: Record<UiLang, string>;
  description?: Record<UiLang, string>;
  /** The diagnosis the capture shows (a label of the analysis vocabulary). */
  diagnosis?: string;
}

export const FALLBACK_EXAMPLES: readonly Example[] = [
  {
    id: 'stale-keepalive-reuse',
    file: 'stale-keepalive-reuse.pcap',
    title: {
      en: 'Stale keep-alive reuse: the server closed an idle connection, the client reused it',
      'zh-CN': '复用了已失效的长连接：服务端关闭了空闲连接，客户端仍在上面发请求',
    },
    diagnosis: 'stale-keepalive-reuse',
  },
];

type Texts = Record<UiLang, string>;

function texts(v: unknown): Texts | undefined {
  if (typeof v === 'string') return { en: v, 'zh-CN': v };
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const en = typeof o.en === 'string' ? o.en : undefined;
  const zh = typeof o['zh-CN'] === 'string' ? o['zh-CN'] : en;
  return en ? { en, 'zh-CN': zh ?? en } : undefined;
}

/** The entries of index.json that name a file and a title; anything else is skipped. */
export function parseExampleIndex(json: unknown): Example[] {
  const list = Array.isArray(json) ? json : (json as { examples?: unknown } | null)?.examples;
  if (!Array.isArray(list)) return [];
  return list.flatMap((e: unknown) => {
    if (!e || typeof e !== 'object') return [];
    const o = e as Record<string, unknown>;
    const file = typeof o.file === 'string' ? o.file : null;
    const title = texts(o.title);
    // Only a plain file name in examples/: the index must not send the page elsewhere.
    if (!file || !title || !/^[\w.-]+$/.test(file)) return [];
    const id = typeof o.id === 'string' ? o.id : file.replace(/\.[^.]*$/, '');
    const ex: Example = { id, file, title };
    const description = texts(o.description);
    if (description) ex.description = description;
    if (typeof o.diagnosis === 'string') ex.diagnosis = o.diagnosis;
    return [ex];
  });
}

export async function loadExamples(): Promise<readonly Example[]> {
  try {
    const res = await fetch('./examples/index.json');
    if (!res.ok) return FALLBACK_EXAMPLES;
    const list = parseExampleIndex(await res.json());
    return list.length > 0 ? list : FALLBACK_EXAMPLES;
  } catch {
    return FALLBACK_EXAMPLES;
  }
}

/** The example named by `?example=<id or file>` in the page URL, so a link can open the page with it loaded. */
export function exampleFromQuery(search: string, list: readonly Example[]): Example | undefined {
  const wanted = new URLSearchParams(search).get('example');
  if (!wanted) return undefined;
  const named = (e: Example) =>
    e.id === wanted || e.file === wanted || e.file.replace(/\.[^.]*$/, '') === wanted;
  // Older links name the capture the page first shipped, which the list may no longer carry.
  return list.find(named) ?? FALLBACK_EXAMPLES.find(named);
}

export async function fetchExample(e: Example): Promise<File> {
  const res = await fetch(`./examples/${e.file}`);
  if (!res.ok) throw new Error(`could not load the example ${e.file}: HTTP ${res.status}`);
  return new File([await res.blob()], e.file, { type: 'application/vnd.tcpdump.pcap' });
}
