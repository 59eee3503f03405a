#!/usr/bin/env node
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.mjs', import.meta.url);

if (!existsSync(cli)) {
  process.stderr.write('rehearse: the CLI is not built yet; run `npm run build:cli`\n');
  process.exit(2);
}

await import(cli.href);
