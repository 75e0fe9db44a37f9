// Global setup of the test run: the temporary folders crank's tests make (`crank-*` in
// the system's temporary directory) must all be gone when the run ends. Caches meant to
// outlive a run (the unpacked Chromium and its libraries) are named here and kept.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const KEPT = /^crank-chromium-libs-\d+$/;

function ours(): Set<string> {
  return new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('crank-') && !KEPT.test(f)));
}

export default function setup(): () => void {
  const before = ours();
  return () => {
    const left = [...ours()].filter((f) => !before.has(f));
    if (left.length === 0) return;
    // A teardown's exception is only logged by vitest; the exit code is what CI reads.
    process.stderr.write(`tests left temporary folders behind in ${tmpdir()}: ${left.join(', ')}\n`);
    process.exitCode = 1;
  };
}
