// The command line as a process: an Io over stdout and stderr, signals, a closed pipe.
// On the first SIGINT or SIGTERM the run is asked to stop: it stops its workers, removes
// its temporary files, prints what it found so far and exits 130 or 143. A second signal
// exits at once, still removing the temporary files (checker/temp-files.ts).
import { removeAllTempDirs } from '../../checker/temp-files.ts';
import type { Io } from './io.ts';
import { main } from './main.ts';

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

export async function runProcess(words: readonly string[]): Promise<void> {
  const controller = new AbortController();
  let received: keyof typeof SIGNAL_EXIT | undefined;
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      if (received !== undefined) {
        removeAllTempDirs();
        process.exit(SIGNAL_EXIT[received]);
      }
      received = sig;
      controller.abort(`interrupted by ${sig}`);
    });
  }
  // A reader that went away (`crank … | head -1`) ends the output, not the run's verdict.
  let stdoutClosed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') stdoutClosed = true;
    else throw err;
  });
  process.stderr.on('error', () => {
    // Nothing left to tell anyone.
  });
  const io: Io = {
    out: (text) => {
      if (!stdoutClosed) process.stdout.write(text);
    },
    err: (text) => {
      process.stderr.write(text);
    },
    errIsTTY: process.stderr.isTTY === true,
    outIsTTY: process.stdout.isTTY === true,
    env: process.env,
    signal: controller.signal,
    interruptExitCode: () => (received === undefined ? undefined : SIGNAL_EXIT[received]),
    columns: process.stdout.columns,
  };
  const code = await main(words, io);
  process.exitCode = received !== undefined ? SIGNAL_EXIT[received] : code;
}
