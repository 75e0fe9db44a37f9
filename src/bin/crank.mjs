#!/usr/bin/env node
// The `crank` executable. In crank's repository it runs the TypeScript sources through
// tsx's loader, so there is nothing to build; the installed package holds no sources but
// their compiled JavaScript (dist/, built by `prepack`), which starts about twice as fast
// (README, "The package"). A user's .ts model loads through tsx either way.
import { existsSync } from 'node:fs';

const source = new URL('../cli/process.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../../dist/src/cli/process.js');
}
await cli.runProcess(process.argv.slice(2));
