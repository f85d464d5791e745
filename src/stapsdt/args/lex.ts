/**
 * A small character scanner shared by the operand parsers.
 *
 * Operands are short (a few dozen characters), so each parser walks one
 * left to right with char codes: no regular expressions (and so no
 * backtracking), no per-character allocation. Methods that fail leave the
 * position where it was.
 *
 * Number syntax follows GNU as: decimal, `0x` hex, `0b` binary and a leading
 * `0` for octal, with an optional sign. Symbols are `[A-Za-z_.][A-Za-z0-9_.$]*`.
 */

/** Char codes the parsers look for. */
export const C = {
  TAB: 0x09, SPACE: 0x20, BANG: 0x21, HASH: 0x23, DOLLAR: 0x24, PERCENT: 0x25, LPAREN: 0x28, RPAREN: 0x29,
  PLUS: 0x2b, COMMA: 0x2c, MINUS: 0x2d, COLON: 0x3a, AT: 0x40, LBRACKET: 0x5b, RBRACKET: 0x5d,
} as const;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isLower = (c: number): boolean => c >= 0x61 && c <= 0x7a;
const isAlpha = (c: number): boolean => isLower(c | 0x20);
export const isIdentStart = (c: number): boolean => isAlpha(c) || c === 0x5f || c === 0x2e;
export const isIdentPart = (c: number): boolean => isIdentStart(c) || isDigit(c) || c === C.DOLLAR;
/** Register-name characters: letters and digits. */
export const isRegPart = (c: number): boolean => isAlpha(c) || isDigit(c);

/** A symbol expression: `[N+]symbol[@reloc][±N]` or a plain number. */
export interface SymbolExpr {
  value: bigint;
  symbol: string | null;
  reloc: string | null;
}

export class Scanner {
  readonly s: string;
  i = 0;
  readonly end: number;

  constructor(s: string) {
    this.s = s;
    this.end = s.length;
  }

  get done(): boolean {
    return this.i >= this.end;
  }

  /** The char code at the position (NaN at the end). */
  peek(ahead = 0): number {
    return this.s.charCodeAt(this.i + ahead);
  }

  /** Consumes `c` if it is next. */
  eat(c: number): boolean {
    if (this.s.charCodeAt(this.i) !== c) return false;
    this.i++;
    return true;
  }

  /** Consumes `word` if it comes next. */
  eatWord(word: string): boolean {
    if (!this.s.startsWith(word, this.i)) return false;
    this.i += word.length;
    return true;
  }

  skipSpaces(): void {
    while (this.s.charCodeAt(this.i) === C.SPACE || this.s.charCodeAt(this.i) === C.TAB) this.i++;
  }

  /** Consumes `c` with optional spaces around it (for hand-written `[x0, 8]`, `(%rax, %rbx)`). */
  eatPadded(c: number): boolean {
    const at = this.i;
    this.skipSpaces();
    if (this.eat(c)) {
      this.skipSpaces();
      return true;
    }
    this.i = at;
    return false;
  }

  /** Consumes characters while `pred` holds; returns the span start. */
  span(pred: (c: number) => boolean): number {
    const start = this.i;
    while (this.i < this.end && pred(this.s.charCodeAt(this.i))) this.i++;
    return start;
  }

  /** Consumes letters and digits (a register name); returns the span start. */
  regChars(): number {
    const start = this.i;
    const s = this.s;
    let j = start;
    for (; j < this.end; j++) {
      const c = s.charCodeAt(j);
      const l = c | 0x20;
      if (!((l >= 0x61 && l <= 0x7a) || (c >= 0x30 && c <= 0x39))) break;
    }
    this.i = j;
    return start;
  }

  /** True when the next character starts a number (a digit, or a sign before a digit). */
  atNumber(): boolean {
    const c = this.peek();
    if (isDigit(c)) return true;
    return (c === C.MINUS || c === C.PLUS) && isDigit(this.peek(1));
  }

  /** Reads a signed integer literal (GNU as bases), or returns `null` and does not move. */
  int(): bigint | null {
    const at = this.i;
    const c0 = this.peek();
    const negative = c0 === C.MINUS;
    if (negative || c0 === C.PLUS) this.i++;
    if (!this.#literal()) {
      this.i = at;
      return null;
    }
    const small = this.#small;
    if (small >= 0) return BigInt(negative ? -small : small);
    const big = this.#bigValue();
    return negative ? -big : big;
  }

  /**
   * Reads an unsigned literal: decimal, `0x` hex, `0b` binary or octal with
   * a leading `0`. Returns false (not moving) when none is next; otherwise
   * moves past it and leaves its value in #small, or its digits for #bigValue.
   */
  #literal(): boolean {
    const s = this.s;
    const start = this.i;
    if (start >= this.end || !isDigit(s.charCodeAt(start))) return false;
    let radix = 10;
    let digitsAt = start;
    if (s.charCodeAt(start) === 0x30 && start + 1 < this.end) {
      const x = s.charCodeAt(start + 1) | 0x20;
      if (x === 0x78) { radix = 16; digitsAt = start + 2; } // 0x
      else if (x === 0x62 && isBinary(s.charCodeAt(start + 2))) { radix = 2; digitsAt = start + 2; } // 0b
      else if (isDigit(s.charCodeAt(start + 1))) { radix = 8; digitsAt = start + 1; }
    }
    let j = digitsAt;
    let n = 0;
    for (; j < this.end; j++) {
      const d = digitValue(s.charCodeAt(j));
      if (d >= radix) break;
      n = n * radix + d;
    }
    if (j === digitsAt) return false; // "0x" with no digits
    // A number glued to letters ("12abc", "0x1g") is not a number.
    if (j < this.end && isIdentPart(s.charCodeAt(j)) && s.charCodeAt(j) !== 0x2e) return false;
    this.#digitsAt = digitsAt;
    this.#radix = radix;
    // Below 2^52 whatever the digits are, so exact, and a sum of two is exact too.
    this.#small = j - digitsAt <= smallDigits(radix) ? n : -1;
    this.i = j;
    return true;
  }

  /**
   * The value of the literal just read when it has few enough digits to be
   * below 2^52, else -1 (then #bigValue has it). Nearly every operand's
   * numbers are small; they need no BigInt arithmetic.
   */
  #small = 0;
  #digitsAt = 0;
  #radix = 10;

  /** The value of the literal just read, of any size. */
  #bigValue(): bigint {
    const radix = this.#radix;
    const prefix = radix === 10 ? "" : radix === 16 ? "0x" : radix === 2 ? "0b" : "0o";
    return BigInt(prefix + this.s.slice(this.#digitsAt, this.i));
  }

  /** Reads a symbol name, or returns `null`. */
  ident(): string | null {
    const start = this.i;
    if (start >= this.end || !isIdentStart(this.s.charCodeAt(start))) return null;
    let j = start + 1;
    while (j < this.end && isIdentPart(this.s.charCodeAt(j))) j++;
    this.i = j;
    return this.s.slice(start, j);
  }

  /** Reads `@reloc[@reloc...]` after a symbol (`@GOTOFF`, `@toc@l`), or returns `null`. */
  reloc(): string | null {
    if (this.peek() !== C.AT) return null;
    const start = this.i + 1;
    let j = start;
    for (;;) {
      const k = j;
      while (j < this.end && (isRegPart(this.s.charCodeAt(j)) || this.s.charCodeAt(j) === 0x5f)) j++;
      if (j === k) return null;
      if (this.s.charCodeAt(j) === C.AT && isRegPart(this.s.charCodeAt(j + 1))) j++;
      else break;
    }
    this.i = j;
    return this.s.slice(start, j);
  }

  /**
   * Reads a displacement expression: numbers and at most one symbol joined by
   * `+`/`-`, each symbol possibly followed by `@reloc`, and a trailing
   * `@reloc` after the whole (`40+CheckpointStats`, `glob_arr+24`,
   * `12+glob_arr@GOTOFF`, `sym+8@toc@l`). Returns `null` (not moving) when
   * nothing expression-like is next or the expression is malformed (two
   * symbols, a subtracted symbol).
   */
  symbolExpr(): SymbolExpr | null {
    const at = this.i;
    // The terms are summed in a double while they are small (each below
    // 2^52, the sum kept within ±2^52, so every step is exact) and in a
    // bigint otherwise: one BigInt(...) at the end in the common case.
    let small = 0;
    let big: bigint | null = null;
    let symbol: string | null = null;
    let reloc: string | null = null;
    let negative = false;
    const c0 = this.peek();
    if (c0 === C.MINUS || c0 === C.PLUS) {
      negative = c0 === C.MINUS;
      this.i++;
    }
    for (;;) {
      if (this.#literal()) {
        const n = this.#small;
        if (n < 0) big = (big ?? 0n) + (negative ? -this.#bigValue() : this.#bigValue());
        else {
          small += negative ? -n : n;
          if (small > SMALL_LIMIT || small < -SMALL_LIMIT) {
            big = (big ?? 0n) + BigInt(small);
            small = 0;
          }
        }
      } else {
        const name = this.ident();
        if (name === null || symbol !== null || negative) {
          this.i = at;
          return null;
        }
        symbol = name;
        reloc = this.reloc();
      }
      if (!this.#more()) break;
      negative = this.s.charCodeAt(this.i++) === C.MINUS;
    }
    if (reloc === null && symbol !== null) reloc = this.reloc(); // "sym+8@toc@l"
    return { value: big === null ? BigInt(small) : big + BigInt(small), symbol, reloc };
  }

  /** True when a `+`/`-` followed by a term comes next. */
  #more(): boolean {
    const c = this.peek();
    if (c !== C.PLUS && c !== C.MINUS) return false;
    const d = this.peek(1);
    return isDigit(d) || isIdentStart(d);
  }

  /**
   * Reads a relocation operator in function form, `%lo(sym+8)` (MIPS,
   * RISC-V), returning the expression with `reloc` set, or `null`.
   */
  percentReloc(): SymbolExpr | null {
    const at = this.i;
    if (!this.eat(C.PERCENT)) return null;
    const nameAt = this.span((c) => isRegPart(c) || c === 0x5f);
    const name = this.s.slice(nameAt, this.i);
    if (name.length > 0 && this.eat(C.LPAREN)) {
      const e = this.symbolExpr();
      if (e !== null && e.reloc === null && this.eat(C.RPAREN)) {
        e.reloc = name;
        return e;
      }
    }
    this.i = at;
    return null;
  }
}

const isBinary = (c: number): boolean => c === 0x30 || c === 0x31;

/** How many digits a literal may have and be below 2^52 whatever they are (leading zeros count too). */
const smallDigits = (radix: number): number => (radix === 10 ? 15 : radix === 16 ? 13 : radix === 8 ? 17 : 52);
const SMALL_LIMIT = 2 ** 52;

function digitValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return 99;
}
