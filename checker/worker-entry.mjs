// BFS worker threads start here (thread-entry.mjs: the sources or the compiled worker).
import { runThread } from './thread-entry.mjs';

await runThread(new URL('./worker.ts', import.meta.url));
