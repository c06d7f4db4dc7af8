// backoff.test.ts - the restart policy for a server that stops unexpectedly.
import * as assert from 'assert';
import { RestartBackoff } from '../src/backoff';

const policy = { initialDelayMs: 1000, factor: 2, maxDelayMs: 5000, stableAfterMs: 60000, maxQuickCrashes: 5 };

describe('restart backoff', () => {
  it('doubles the delay after each quick crash, up to the maximum, then gives up', () => {
    const b = new RestartBackoff(policy);
    const seen = [1, 2, 3, 4, 5, 6].map(() => b.onCrash(100));
    assert.deepStrictEqual(seen, [
      { restart: true, delayMs: 1000, attempt: 1 },
      { restart: true, delayMs: 2000, attempt: 2 },
      { restart: true, delayMs: 4000, attempt: 3 },
      { restart: true, delayMs: 5000, attempt: 4 },
      { restart: true, delayMs: 5000, attempt: 5 },
      { restart: false, crashes: 6 },
    ]);
  });

  it('starts counting again after a server that ran long enough', () => {
    const b = new RestartBackoff(policy);
    b.onCrash(10);
    b.onCrash(10);
    assert.deepStrictEqual(b.onCrash(60000), { restart: true, delayMs: 1000, attempt: 1 });
    assert.deepStrictEqual(b.onCrash(10), { restart: true, delayMs: 2000, attempt: 2 });
  });

  it('forgets the crashes when the user restarts', () => {
    const b = new RestartBackoff(policy);
    for (let i = 0; i < 6; i++) b.onCrash(10);
    b.reset();
    assert.deepStrictEqual(b.onCrash(10), { restart: true, delayMs: 1000, attempt: 1 });
  });

  it('has sane defaults', () => {
    const b = new RestartBackoff();
    const first = b.onCrash(0);
    assert.ok(first.restart && first.delayMs >= 500 && first.delayMs <= 5000);
  });
});
