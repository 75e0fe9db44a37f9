// The check worker starts here: register tsx's loader (hooks are not inherited by worker
// threads on Node 20), then run the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./check-worker.ts');
