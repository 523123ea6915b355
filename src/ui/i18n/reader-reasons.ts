// The capture reader says why a file is not a capture in English sentence fragments (src/capture/
// sniff.ts, read-capture.ts: "this is plain text, not a packet capture"). In Chinese the page writes
// the ones it knows in Chinese; any other (a damaged-file detail, a parser's own words) is shown as the
// reader wrote it, quoted as program output, after a Chinese lead-in.
import type { UiLang } from './language';

export interface Reason {
  /** The reason in the page's language. */
  text: string;
  /** The reader's own words when they could not be translated (shown verbatim, as code). */
  original: string | null;
}

const WHAT: Record<string, string> = {
  'a PNG image': 'PNG 图片',
  'a JPEG image': 'JPEG 图片',
  'a GIF image': 'GIF 图片',
  'a WebP image': 'WebP 图片',
  'a PDF document': 'PDF 文档',
  'a ZIP archive': 'ZIP 压缩包',
  'a 7-Zip archive': '7-Zip 压缩包',
  'a RAR archive': 'RAR 压缩包',
  'a tar archive': 'tar 归档',
  'bzip2-compressed data': 'bzip2 压缩数据',
  'xz-compressed data': 'xz 压缩数据',
  'LZ4-compressed data': 'LZ4 压缩数据',
  'an ELF executable': 'ELF 可执行文件',
  'a Windows executable': 'Windows 可执行文件',
  'an SQLite database': 'SQLite 数据库',
  'an HTML page': 'HTML 网页',
  'an XML document': 'XML 文档',
  'JSON text': 'JSON 文本',
  'plain text': '纯文本',
};

const HINT: Record<string, string> = {
  'unpack it first': '请先解包',
  'Wirelens reads gzip and zstd compressed captures; decompress it first':
    'Wirelens 能读取 gzip 和 zstd 压缩的抓包文件；请先解压',
};

/** The reader's sentence in Chinese, or null when it is not one of the known ones. */
function zhSentence(m: string): string | null {
  if (m === 'the file is empty') return '文件是空的';
  if (m === "this is Wireshark's PDML (XML) export, not a capture file")
    return '这是 Wireshark 导出的 PDML（XML），不是抓包文件';
  if (m === "this is tshark's JSON output, not a capture file: save the capture itself with tshark -w")
    return '这是 tshark 的 JSON 输出，不是抓包文件：请用 tshark -w 保存抓包本身';
  const bytes =
    /^this is not a packet capture: it starts with bytes (.+), which no capture format Wirelens knows starts with$/.exec(
      m,
    );
  if (bytes) return `这不是抓包文件：它以字节 ${bytes[1]} 开头，Wirelens 认识的抓包格式都不是这样开头的`;
  const other = /^this is (.+?), not a packet capture(?:: (.+))?$/.exec(m);
  const what = other ? WHAT[other[1] ?? ''] : undefined;
  const hint = other?.[2] === undefined ? '' : HINT[other[2]];
  if (what && hint !== undefined) return `这是${what}，不是抓包文件${hint ? `：${hint}` : ''}`;
  const format =
    /^this (?:is|looks like) (?:an? )?(.+) capture, a format Wireshark reads that Wirelens does not read yet; convert it with editcap -F pcapng$/.exec(
      m,
    );
  if (format)
    return `这是 ${format[1]} 格式的抓包：Wireshark 能读，Wirelens 暂时还不能读；请用 editcap -F pcapng 转换`;
  const again = /^this is (\w+)-compressed data again; decompress it first$/.exec(m);
  if (again) return `这是再次经过 ${again[1]} 压缩的数据；请先解压`;
  return null;
}

export function readerReason(lang: UiLang, message: string): Reason {
  if (lang === 'en') return { text: message, original: null };
  const inside = /^inside its (\w+) compression, (.*)$/.exec(message);
  const sentence = zhSentence(inside ? (inside[2] ?? '') : message);
  if (sentence === null) return { text: '读取器的原始说明：', original: message };
  return { text: inside ? `（${inside[1]} 压缩之内）${sentence}` : sentence, original: null };
}
