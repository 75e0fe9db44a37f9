#!/usr/bin/env node
// The `crank` executable: runs the TypeScript sources through tsx's loader, so that
// `npx crank …` works right after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
