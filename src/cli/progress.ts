/**
 * The one-line progress display of a long scan (`-r`) on a terminal: after
 * about a second, a line on stderr replaced in place (carriage return, then
 * erase to end of line) at most ten times a second, cut to the terminal's
 * width, and erased when the scan prints something or ends. The caller
 * creates it only when stderr is a terminal and `--quiet` is not given.
 */

/** Milliseconds before the first line is shown: a short scan shows none. */
const DELAY = 1000;
/** Milliseconds between two updates. */
const INTERVAL = 100;

export class Progress {
  readonly #write: (text: string) => void;
  readonly #columns: number;
  readonly #now: () => number;
  readonly #started: number;
  #last = -Infinity;
  #shown = false;

  constructor(write: (text: string) => void, columns: number, now: () => number) {
    this.#write = write;
    this.#columns = Math.max(columns, 20);
    this.#now = now;
    this.#started = now();
  }

  /**
   * Shows the line `text` gives in place of the last one, when it is time
   * to (it is asked for only then). The text must be printable.
   */
  update(text: () => string): void {
    const t = this.#now();
    if (t - this.#started < DELAY || t - this.#last < INTERVAL) return;
    this.#last = t;
    const shown = text();
    // One column kept free: a line that fills the width wraps on some terminals.
    const width = this.#columns - 1;
    const line = shown.length > width ? shown.slice(0, width - 3) + "..." : shown;
    this.#write(`\r\u001b[K${line}`);
    this.#shown = true;
  }

  /** Erases the line, if one is shown. */
  clear(): void {
    if (!this.#shown) return;
    this.#write("\r\u001b[K");
    this.#shown = false;
  }
}
