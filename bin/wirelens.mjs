#!/usr/bin/env node
// Entry of the `wirelens` command. The TypeScript core is bundled into dist-cli/ by `npm run build`.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist-cli/wirelens.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write(
    'wirelens: dist-cli/wirelens.mjs is missing; run `npm install && npm run build` first\n',
  );
  process.exit(2);
}
const { main } = await import(bundle.href);
process.exitCode = await main(process.argv.slice(2));
