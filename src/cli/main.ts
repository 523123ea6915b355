// `wirelens analyze FILE [--json] [--packets] [--format json|markdown] [--lang en|zh-CN]`
// The same core as the web app, run in Node over a file descriptor.
import { analyzeCapture } from '../analysis/analyze-capture';
import { markdownReport } from '../analysis/markdown-report';
import { NodeFileSource } from '../capture/node/file-source';
import { CaptureError } from '../capture/types';
import { analysisToJson } from './analysis-json';

const USAGE = `usage: wirelens analyze FILE [--json] [--packets] [--format json|markdown] [--lang en|zh-CN]

  --json           print one JSON object (the contract in docs/cli.md); the default format
  --packets        include every packet of every flow in the JSON
  --format F       json (default) or markdown (a human report)
  --lang L         language of titles and explanations: en (default) or zh-CN
`;

interface Args {
  file: string;
  format: 'json' | 'markdown';
  packets: boolean;
  lang: 'en' | 'zh-CN';
}

function parseArgs(argv: string[]): Args | string {
  const [cmd, ...rest] = argv;
  if (cmd !== 'analyze')
    return cmd === undefined || cmd === '--help' || cmd === '-h' ? '' : `unknown command "${cmd}"`;
  const args: Args = { file: '', format: 'json', packets: false, lang: 'en' };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i] ?? '';
    if (a === '--json') args.format = 'json';
    else if (a === '--packets') args.packets = true;
    else if (a === '--format' || a === '--lang') {
      const v = rest[++i];
      if (a === '--format' && (v === 'json' || v === 'markdown')) args.format = v;
      else if (a === '--lang' && (v === 'en' || v === 'zh-CN')) args.lang = v;
      else
        return `${a} takes ${a === '--format' ? 'json or markdown' : 'en or zh-CN'}, not ${JSON.stringify(v)}`;
    } else if (a.startsWith('-')) return `unknown option ${a}`;
    else if (args.file === '') args.file = a;
    else return `one capture file at a time (got ${args.file} and ${a})`;
  }
  return args.file === '' ? 'no capture file given' : args;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv);
  if (typeof parsed === 'string') {
    process.stderr.write(parsed === '' ? USAGE : `wirelens: ${parsed}\n${USAGE}`);
    return parsed === '' ? 0 : 2;
  }
  let source: NodeFileSource;
  try {
    source = await NodeFileSource.open(parsed.file);
  } catch (e) {
    process.stderr.write(`wirelens: cannot open ${parsed.file}: ${(e as Error).message}\n`);
    return 2;
  }
  try {
    const result = await analyzeCapture(source, { lang: parsed.lang });
    const out =
      parsed.format === 'markdown'
        ? markdownReport(result.capture.table, result.flows, result.diagnosis, { fileName: parsed.file })
        : `${JSON.stringify(analysisToJson(result, { packets: parsed.packets }), null, 1)}\n`;
    await writeAll(out);
    return 0;
  } catch (e) {
    if (e instanceof CaptureError) {
      const where = [
        e.frame !== undefined ? `frame ${e.frame}` : '',
        e.offset !== undefined ? `offset ${e.offset}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      process.stderr.write(`wirelens: ${parsed.file}: ${e.message}${where ? ` (${where})` : ''}\n`);
      return 1;
    }
    throw e;
  } finally {
    await source.close();
  }
}

function writeAll(text: string): Promise<void> {
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (err) => (err ? reject(err) : resolve())),
  );
}
