/**
 * A byte buffer for large outputs (the `--json` document of a file with
 * 100,000 probes is ~180 MB; the table ~8 MB).
 *
 * Renderers append ASCII, UTF-8 text, raw bytes and hex numbers to one 1 MiB
 * buffer; when it fills, it is handed to `write` and reused. So the output is
 * never held whole, no string is built per line, and the consumer sees one
 * call per MiB. `write` must be done with the bytes when it returns (copy them
 * to keep them): the buffer is overwritten afterwards.
 */

/** Size of the buffer, and of each `write` but the last. */
export const SINK_CHUNK = 1 << 20;

const encoder = new TextEncoder();
const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;

export class ByteSink {
  readonly #write: (bytes: Uint8Array) => void;
  readonly #buf = new Uint8Array(SINK_CHUNK);
  #pos = 0;
  // The last number written by `hex`, and its digits: the same value is often
  // written several times in a row (a probe's location, address and offset).
  #lastHex: bigint = -1n;
  readonly #hexDigits = new Uint8Array(16);
  #hexLength = 0;

  constructor(write: (bytes: Uint8Array) => void) {
    this.#write = write;
  }

  /** Hands the buffered bytes to `write` (nothing when empty). */
  flush(): void {
    if (this.#pos === 0) return;
    const n = this.#pos;
    this.#pos = 0;
    this.#write(this.#buf.subarray(0, n));
  }

  /** Makes room for `n` bytes (n <= SINK_CHUNK). */
  #room(n: number): void {
    if (this.#pos + n > SINK_CHUNK) this.flush();
  }

  /** Appends one byte. */
  byte(b: number): void {
    if (this.#pos === SINK_CHUNK) this.flush();
    this.#buf[this.#pos++] = b;
  }

  /** Appends a string whose characters are all below 0x80 (one byte each). */
  ascii(s: string): void {
    const n = s.length;
    if (n > 256) {
      this.text(s);
      return;
    }
    this.#room(n);
    const buf = this.#buf;
    let p = this.#pos;
    for (let i = 0; i < n; i++) buf[p++] = s.charCodeAt(i);
    this.#pos = p;
  }

  /**
   * Appends `s` as a JSON string (quotes included) if that needs no escapes:
   * every character printable ASCII other than `"` and `\`. Returns false,
   * having written nothing, otherwise.
   */
  plainJsonString(s: string): boolean {
    const n = s.length;
    if (n > 256) return false;
    this.#room(n + 2);
    const buf = this.#buf;
    let p = this.#pos;
    buf[p++] = 0x22;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return false;
      buf[p++] = c;
    }
    buf[p++] = 0x22;
    this.#pos = p;
    return true;
  }

  /** Appends any string as UTF-8, copying ASCII strings directly. */
  str(s: string): void {
    const n = s.length;
    if (n <= 256) {
      this.#room(n);
      const buf = this.#buf;
      const p = this.#pos;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[p + i] = c;
      }
      if (i === n) {
        this.#pos = p + n;
        return;
      }
    }
    this.text(s);
  }

  /**
   * Appends any string as UTF-8 (lone surrogates become U+FFFD). A long
   * string (a note's argument string can be megabytes) is encoded straight
   * into the buffer a piece at a time, flushing between pieces: never
   * encoded whole into a copy.
   */
  text(s: string): void {
    // A UTF-16 unit becomes at most 3 bytes.
    if (s.length * 3 <= SINK_CHUNK) {
      this.#room(s.length * 3);
      this.#pos += encoder.encodeInto(s, this.#buf.subarray(this.#pos)).written;
      return;
    }
    for (let done = 0; done < s.length;) {
      if (SINK_CHUNK - this.#pos < 4) this.flush();
      // No more characters than there are bytes left (each takes at least
      // one). A piece that ends inside a surrogate pair cannot have its last
      // character written (a lone half would take 3 bytes, and there is one
      // left at most), so the pair goes whole into the next piece.
      const end = Math.min(s.length, done + SINK_CHUNK - this.#pos);
      const r = encoder.encodeInto(s.slice(done, end), this.#buf.subarray(this.#pos));
      this.#pos += r.written;
      done += r.read;
    }
  }

  /** Appends a byte string: each character (all below 256) as one byte. */
  latin1(s: string): void {
    const n = s.length;
    if (n > 4096) {
      for (let i = 0; i < n; i += 4096) this.latin1(s.substring(i, i + 4096));
      return;
    }
    this.#room(n);
    const buf = this.#buf;
    const p = this.#pos;
    for (let i = 0; i < n; i++) buf[p + i] = s.charCodeAt(i);
    this.#pos = p + n;
  }

  /** Appends `bytes[start, end)` (copied). */
  range(bytes: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (n > 64 || this.#pos + n > SINK_CHUNK) {
      this.bytes(bytes.subarray(start, end));
      return;
    }
    const buf = this.#buf;
    const p = this.#pos;
    for (let i = 0; i < n; i++) buf[p + i] = bytes[start + i]!;
    this.#pos = p + n;
  }

  /** Appends `v` (>= 0) as hex digits padded with zeros to `width` (C's `%0*x`). */
  hexPadded(v: bigint | number, width: number): void {
    if (typeof v === "number" && v >= 0 && v < TWO_32) {
      // A 32-bit count (a note's descsz): no bigint needed.
      this.#room(Math.max(width, 8));
      this.#pos = digits(v, this.#buf, this.#pos, width);
      return;
    }
    const b = BigInt(v);
    if (b < 0n || b > 0xffffffffffffffffn) {
      this.ascii(b.toString(16).padStart(width, "0"));
      return;
    }
    if (b !== this.#lastHex) {
      this.#lastHex = b;
      this.#hexLength = writeHex(b, this.#hexDigits);
    }
    const n = this.#hexLength;
    this.#room(Math.max(width, n));
    for (let i = n; i < width; i++) this.#buf[this.#pos++] = 0x30;
    for (let i = 0; i < n; i++) this.#buf[this.#pos++] = this.#hexDigits[i]!;
  }

  /**
   * The buffer, for writers that fill it themselves: write from
   * {@link position} (at most up to `buffer.length`, flushing first with
   * {@link flush} when that is not enough room), then {@link commit} the end.
   * The same array for the sink's life.
   */
  get buffer(): Uint8Array {
    return this.#buf;
  }

  /** Whether nothing is waiting in the buffer (a flush would write nothing). */
  get isEmpty(): boolean {
    return this.#pos === 0;
  }

  /** Where the next byte goes in {@link buffer}. */
  get position(): number {
    return this.#pos;
  }

  /**
   * Appends what was written into {@link buffer} from {@link position} up to
   * `end` (position <= end <= buffer.length).
   */
  commit(end: number): void {
    this.#pos = end;
  }

  /** Appends `n` spaces. */
  spaces(n: number): void {
    if (n <= 16 && this.#pos + n <= SINK_CHUNK) {
      // As in `bytes`: for a few bytes a loop is cheaper than the call.
      const buf = this.#buf;
      const p = this.#pos;
      for (let i = 0; i < n; i++) buf[p + i] = 0x20;
      this.#pos = p + n;
      return;
    }
    while (n > 0) {
      if (this.#pos === SINK_CHUNK) this.flush();
      const k = Math.min(n, SINK_CHUNK - this.#pos);
      this.#buf.fill(0x20, this.#pos, this.#pos + k);
      this.#pos += k;
      n -= k;
    }
  }

  /** Appends bytes (copied). */
  bytes(b: Uint8Array): void {
    const n = b.length;
    if (this.#pos + n <= SINK_CHUNK) {
      // A native copy, but for a few bytes a loop is cheaper than the call.
      const buf = this.#buf;
      const p = this.#pos;
      if (n > 16) buf.set(b, p);
      else for (let i = 0; i < n; i++) buf[p + i] = b[i]!;
      this.#pos = p + n;
      return;
    }
    let from = 0;
    while (from < n) {
      if (this.#pos === SINK_CHUNK) this.flush();
      const k = Math.min(n - from, SINK_CHUNK - this.#pos);
      this.#buf.set(b.subarray(from, from + k), this.#pos);
      this.#pos += k;
      from += k;
    }
  }

  /** Appends the integer `n` (0 <= n < 2^53) in decimal. */
  decimal(n: number): void {
    this.#room(16);
    const buf = this.#buf;
    if (n < 10) {
      // A size or a scale: one digit.
      buf[this.#pos++] = 0x30 + n;
      return;
    }
    let end = this.#pos + 1;
    for (let x = n; x >= 10; x = Math.floor(x / 10)) end++;
    this.#pos = end;
    let x = n;
    do {
      const q = Math.floor(x / 10);
      buf[--end] = 0x30 + (x - q * 10);
      x = q;
    } while (x > 0);
  }

  /** Appends the integer `n` (0 <= n < 2^53) as lowercase hex digits, without "0x". */
  hexNumber(n: number): void {
    this.#room(16);
    this.#pos = hexInto(this.#buf, this.#pos, n);
  }

  /** Appends `v` (>= 0) as lowercase hex digits, without "0x". */
  hexDigits(v: bigint): void {
    // One conversion, exact below 2^53 (every real address); a bigint of
    // 2^53 or more converts to 2^53 or more, and goes the long way.
    const n = Number(v);
    if (n >= 0 && n < TWO_53) {
      this.#room(16);
      this.#pos = hexInto(this.#buf, this.#pos, n);
    } else if (v >= 0n && v <= 0xffffffffffffffffn) {
      this.#room(16);
      this.#pos = digits(Number(v & 0xffffffffn), this.#buf, digits(Number(v >> 32n), this.#buf, this.#pos, 0), 8);
    } else {
      this.ascii(v.toString(16));
    }
  }
}

/** Number of hex digits of `v` (>= 0), as in `v.toString(16).length`. */
export function hexLength(v: bigint): number {
  return v > 0x1fffffffffffffn ? v.toString(16).length : numberHexLength(Number(v));
}

/** Number of hex digits of the integer `n`, 0 <= n < 2^53. */
export function numberHexLength(n: number): number {
  if (n < TWO_32) return n === 0 ? 1 : 8 - (Math.clz32(n) >> 2);
  return 16 - (Math.clz32(Math.floor(n / TWO_32)) >> 2);
}

/** The hex digits as bytes: a table read, where `charCodeAt` on a string is a call until V8 optimizes. */
export const HEX_DIGITS = latin1Bytes("0123456789abcdef");

/**
 * Writes the hex digits of `v` (0 <= v < 2^64) into `out` (16 bytes),
 * returning their count. The value is split into two 32-bit halves as
 * Numbers, so no string is made: below 2^53 (every real address) with one
 * exact conversion to a double, above it with two bigint operations.
 */
function writeHex(v: bigint, out: Uint8Array): number {
  let hi: number;
  let lo: number;
  if (v <= 0x1fffffffffffffn) {
    const n = Number(v);
    hi = Math.floor(n / TWO_32);
    lo = n - hi * TWO_32;
  } else {
    hi = Number(v >> 32n);
    lo = Number(v & 0xffffffffn);
  }
  if (hi === 0) return digits(lo, out, 0, 0);
  return digits(lo, out, digits(hi, out, 0, 0), 8);
}

/**
 * Writes the integer `n` (0 <= n < 2^53) as lowercase hex digits at
 * `out[at]`, without "0x"; returns the end. For writers that fill a sink's
 * {@link ByteSink.buffer} themselves (they check the room first).
 */
export function hexInto(out: Uint8Array, at: number, n: number): number {
  // Below 2^32 (nearly every address) without the division and Math.floor,
  // a call until V8 optimizes this.
  if (n < TWO_32) return digits(n, out, at, 0);
  const hi = Math.floor(n / TWO_32);
  return digits(n - hi * TWO_32, out, digits(hi, out, at, 0), 8);
}

/** Writes the 32-bit `x` in hex at `out[at]`, at least `min` digits; returns the end. */
function digits(x: number, out: Uint8Array, at: number, min: number): number {
  // Significant nibbles: 8 minus the leading zero nibbles (1 for x = 0).
  let count = x === 0 ? 1 : 8 - (Math.clz32(x) >> 2);
  if (count < min) count = min;
  for (let i = count - 1; i >= 0; i--) {
    out[at + i] = HEX_DIGITS[x & 0xf]!;
    x >>>= 4;
  }
  return at + count;
}

/**
 * The bytes of `s`, one per character (each below 256): the fixed text the
 * writers copy into their output.
 */
export function latin1Bytes(s: string): Uint8Array {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) bytes[i] = s.charCodeAt(i);
  return bytes;
}

/** What `write` writes into a sink, as a string (for the writers' string forms: `renderTable`, ...). */
export function sinkText(write: (out: ByteSink) => void): string {
  const chunks: Uint8Array[] = [];
  const sink = new ByteSink((bytes) => void chunks.push(bytes.slice()));
  write(sink);
  sink.flush();
  if (chunks.length === 1) return new TextDecoder().decode(chunks[0]);
  const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.length;
  }
  return new TextDecoder().decode(all);
}
