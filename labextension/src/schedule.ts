/**
 * When the notebook is analysed again: a short quiet time after the last change, and never two
 * requests at once (a change during a request sends one more as soon as it is answered).
 */

/** Quiet time after the last change; the server answers in about 20 ms, so a badge follows
 * the last keystroke within about 100 ms. */
export const DEBOUNCE_MS = 60;

export class Debouncer {
  constructor(work: () => Promise<void>, delay: number = DEBOUNCE_MS) {
    this._work = work;
    this._delay = delay;
  }

  /** Run the work once the changes stop for ``delay`` ms. */
  schedule(): void {
    if (this._disposed) {
      return;
    }
    if (this._timer !== null) {
      clearTimeout(this._timer);
    }
    this._timer = setTimeout(() => {
      this._timer = null;
      void this._fire();
    }, this._delay);
  }

  /** True while the work runs or waits to run. */
  get pending(): boolean {
    return this._timer !== null || this._running;
  }

  dispose(): void {
    this._disposed = true;
    if (this._timer !== null) {
      clearTimeout(this._timer);
      this._timer = null;
    }
  }

  private async _fire(): Promise<void> {
    if (this._running) {
      this._again = true;
      return;
    }
    this._running = true;
    try {
      await this._work();
    } finally {
      this._running = false;
      if (this._again) {
        this._again = false;
        this.schedule();
      }
    }
  }

  private readonly _work: () => Promise<void>;
  private readonly _delay: number;
  private _timer: ReturnType<typeof setTimeout> | null = null;
  private _running = false;
  private _again = false;
  private _disposed = false;
}
