#!/usr/bin/env node
// The `crank` executable: runs the TypeScript sources through tsx's loader (a dependency,
// so that a user's .ts model loads too), then hands the words to the command line.
import { register } from 'tsx/esm/api';

register();
const { runProcess } = await import('../cli/process.ts');
await runProcess(process.argv.slice(2));
