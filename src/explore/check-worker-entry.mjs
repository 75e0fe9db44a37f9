// The explorer's check worker starts here (checker/thread-entry.mjs: the sources or the
// compiled worker).
import { runThread } from '../../checker/thread-entry.mjs';

await runThread(new URL('./check-worker.ts', import.meta.url));
