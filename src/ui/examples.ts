// Example captures shipped in public/examples/ (copies of ../shared/scenarios; see e2e/fixtures/README.md
// for where each came from). Fetched only when the user asks for one.
export interface Example {
  file: string;
  title: string;
}

export const EXAMPLES: readonly Example[] = [
  {
    file: 'g-stale-keepalive.pcap',
    title: 'Stale keep-alive reuse: the server closed an idle connection, the client reused it',
  },
];

/** The example named by `?example=<file>` in the page URL, so a link can open the page with it loaded. */
export function exampleFromQuery(search: string): Example | undefined {
  const wanted = new URLSearchParams(search).get('example');
  return EXAMPLES.find((e) => e.file === wanted || e.file === `${wanted}.pcap`);
}

export async function fetchExample(e: Example): Promise<File> {
  const res = await fetch(`./examples/${e.file}`);
  if (!res.ok) throw new Error(`could not load the example ${e.file}: HTTP ${res.status}`);
  return new File([await res.blob()], e.file, { type: 'application/vnd.tcpdump.pcap' });
}
