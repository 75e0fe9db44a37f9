import { describe, expect, it } from 'vitest';
import { workersDue } from '../../checker/check.ts';

describe('when worker threads start loading', () => {
  it('only when the next level is predicted to reach the hand-off width', () => {
    expect(workersDue(100, 50, 4096)).toBe(false); // too small to bother
    expect(workersDue(2000, 1900, 4096)).toBe(false); // stopped growing: raft's default preset
    expect(workersDue(2000, 1000, 4096)).toBe(false); // 4000 predicted
    expect(workersDue(2100, 1000, 4096)).toBe(true); // 4410 predicted
    expect(workersDue(5000, 4000, 4096)).toBe(true); // wide enough now
    expect(workersDue(300, 0, 4096)).toBe(false); // no growth seen yet
  });
});
