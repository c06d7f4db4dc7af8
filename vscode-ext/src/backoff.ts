// backoff.ts - when to restart a server that stopped unexpectedly (pure: no vscode, no timers).

export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialDelayMs: number;
  /** Each further quick crash multiplies the delay by this. */
  factor: number;
  maxDelayMs: number;
  /** A server that ran at least this long before stopping starts the count again. */
  stableAfterMs: number;
  /** Give up after this many crashes in a row, each sooner than stableAfterMs after its start. */
  maxQuickCrashes: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialDelayMs: 1000,
  factor: 2,
  maxDelayMs: 30000,
  stableAfterMs: 60000,
  maxQuickCrashes: 5,
};

export type RestartDecision =
  | { restart: true; delayMs: number; attempt: number }
  | { restart: false; crashes: number };

/** Counts the crashes of one server and says how long to wait before the next start. */
export class RestartBackoff {
  private quickCrashes = 0;

  constructor(private readonly policy: BackoffPolicy = DEFAULT_BACKOFF) {}

  /** The server stopped unexpectedly after running RAN_FOR_MS: restart it after delayMs, or give up. */
  onCrash(ranForMs: number): RestartDecision {
    if (ranForMs >= this.policy.stableAfterMs) this.quickCrashes = 0;
    this.quickCrashes++;
    if (this.quickCrashes > this.policy.maxQuickCrashes)
      return { restart: false, crashes: this.quickCrashes };
    const delay = this.policy.initialDelayMs * Math.pow(this.policy.factor, this.quickCrashes - 1);
    return { restart: true, delayMs: Math.min(delay, this.policy.maxDelayMs), attempt: this.quickCrashes };
  }

  /** A start the user asked for: forget earlier crashes. */
  reset(): void {
    this.quickCrashes = 0;
  }
}
