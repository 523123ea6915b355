// Writes the checked captures into public/examples/ with index.json (what the page and the tests
// read) and README.md (the same list for people), both from the same entries so they cannot drift.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const ANY_SUFFIX = {
  en: ' (tcpdump -i any: Linux cooked capture v2)',
  'zh-CN': '（tcpdump -i any：Linux cooked v2 抓包）',
};

function entry(c, r) {
  const text = c.text(r.measured);
  const isAny = r.iface === 'any';
  const title = isAny
    ? { en: text.title.en + ANY_SUFFIX.en, 'zh-CN': text.title['zh-CN'] + ANY_SUFFIX['zh-CN'] }
    : text.title;
  return {
    id: isAny ? `${c.id}-any` : c.id,
    file: r.file,
    title,
    description: text.description,
    diagnosis: c.diagnosis,
    linkType: r.linkType,
    linkTypeName: r.linkTypeName,
    frames: r.frames,
    bytes: r.bytes,
    sha256: r.sha256,
    capturedWith: r.command,
    programs: c.programs,
    programsSaw: r.saw,
    measured: r.measured,
    flows: r.flows,
    keyFrames: r.keyFrames,
  };
}

/** The entries of an existing index.json, so `--only` replaces just the cases it ran. */
function previous(out) {
  const file = path.join(out, 'index.json');
  if (!existsSync(file)) return [];
  return JSON.parse(readFileSync(file, 'utf8')).examples ?? [];
}

export function writeExamples(out, done, environment, merge) {
  mkdirSync(out, { recursive: true });
  const fresh = done.flatMap(({ c, results }) => results.map((r) => entry(c, r)));
  for (const { results } of done) for (const r of results) copyFileSync(r.path, path.join(out, r.file));
  let examples = fresh;
  if (merge) {
    examples = previous(out).map((e) => fresh.find((f) => f.id === e.id) ?? e);
    for (const f of fresh) if (!examples.some((e) => e.id === f.id)) examples.push(f);
  }
  const index = {
    about:
      'Example captures made by scripts/examples/make-examples.mjs: real servers and clients on loopback, ' +
      'recorded with tcpdump. Frame numbers are 1-based as tshark numbers them; every key frame was found ' +
      'with tshark in the written file. A key frame with `http` is the segment that starts that HTTP message.',
    regenerate: 'sudo node scripts/examples/make-examples.mjs',
    environment,
    examples,
  };
  writeFileSync(path.join(out, 'index.json'), `${JSON.stringify(index, null, 2)}\n`);
  const listed = new Set([...examples.map((e) => e.file), 'index.json', 'README.md']);
  const others = readdirSync(out).filter((f) => !listed.has(f));
  writeFileSync(path.join(out, 'README.md'), readme(examples, environment, others));
}

function keyFrameLine(k) {
  const what = k.http ?? k.flags;
  return `#${k.frame} ${k.from} ${what}`;
}

function readme(examples, environment, others) {
  const rows = examples.map(
    (e) =>
      `| [\`${e.file}\`](${e.file}) | ${e.title.en}<br>${e.title['zh-CN']} | \`${e.diagnosis}\` | ${e.frames} | ` +
      `${e.bytes} | ${e.linkTypeName} |`,
  );
  const details = examples.map((e) =>
    [
      `### ${e.file}`,
      '',
      e.description.en,
      '',
      e.description['zh-CN'],
      '',
      `Made with: ${e.programs} Captured with \`${e.capturedWith}\`.`,
      '',
      ...(e.programsSaw.length > 0
        ? ['What the programs reported:', '', ...e.programsSaw.map((s) => `- ${s}`), '']
        : []),
      'Key frames (stream: frame, sender, flags or HTTP line):',
      '',
      ...e.keyFrames.map(
        (k) => `- \`${k.name}\` stream ${k.stream}: ${keyFrameLine(k)}${k.note ? ` (${k.note})` : ''}`,
      ),
      '',
    ].join('\n'),
  );
  return `# Example captures

Small captures of the failure cases in the seed write-ups, made with real software on loopback
(127.0.0.1 and ::1) and recorded with tcpdump. The landing page offers them; \`index.json\` lists the
same examples with titles and descriptions in English and 简体中文, the expected diagnosis of each
capture and of each connection, and the key frames (1-based, as tshark numbers them, found with
tshark in these very files).

| file | what it shows | diagnosis | frames | bytes | link type |
|---|---|---|---|---|---|
${rows.join('\n')}

## Regenerate

\`\`\`sh
apt-get update && apt-get install -y tcpdump tshark nginx python3 iproute2   # once
sudo node scripts/examples/make-examples.mjs            # all examples, about 20 s
sudo node scripts/examples/make-examples.mjs --only keepalive-race   # one, merged into index.json
\`\`\`

The script (\`scripts/examples/\`) starts tcpdump on \`lo\` with a port filter, runs the case's servers
and clients (\`scripts/examples/programs/\`: python http.server / http.client / raw sockets, Node
http, nginx from Debian as the reverse proxy), stops tcpdump, and checks the capture with tshark
(which side sent the FIN and the RST, in which order, the gaps). A run that lost a timing race is
retried; if a case cannot be reproduced, nothing is written and the script exits 1. Ports used:
62110-62180 on loopback (above the Linux ephemeral port range, 32768-60999). \`scripts/examples/examples.test.ts\` checks that Wirelens' reader sees every key
frame listed here.

Generated on ${environment.kernel} with ${environment.tcpdump}, ${environment.nginx}, ${environment.python},
${environment.node}; checked with ${environment.tshark}.

## The examples

${details.join('\n')}${otherFiles(others)}`;
}

function otherFiles(others) {
  if (others.length === 0) return '';
  const list = others.map((f) => `\`${f}\``).join(', ');
  return `\n## Other files here\n\n${list}: not made by this script and not in index.json (see e2e/fixtures/README.md).\n`;
}
