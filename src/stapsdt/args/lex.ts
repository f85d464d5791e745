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
    let neg = false;
    const c0 = this.peek();
    if (c0 === C.MINUS || c0 === C.PLUS) {
      neg = c0 === C.MINUS;
      this.i++;
    }
    const v = this.#unsigned();
    if (v === null) {
      this.i = at;
      return null;
    }
    return neg ? -v : v;
  }

  #unsigned(): bigint | null {
    const s = this.s;
    const start = this.i;
    if (!isDigit(s.charCodeAt(start))) return null;
    let radix = 10;
    let digitsAt = start;
    if (s.charCodeAt(start) === 0x30) {
      const x = s.charCodeAt(start + 1) | 0x20;
      if (x === 0x78) { radix = 16; digitsAt = start + 2; } // 0x
      else if (x === 0x62 && isBinary(s.charCodeAt(start + 2))) { radix = 2; digitsAt = start + 2; } // 0b
      else if (isDigit(s.charCodeAt(start + 1))) { radix = 8; digitsAt = start + 1; }
    }
    let j = digitsAt;
    while (j < this.end && digitValue(s.charCodeAt(j)) < radix) j++;
    if (j === digitsAt) return null; // "0x" with no digits
    // A number glued to letters ("12abc", "0x1g") is not a number.
    if (j < this.end && isIdentPart(s.charCodeAt(j)) && s.charCodeAt(j) !== 0x2e) return null;
    this.i = j;
    if (radix === 10) {
      if (j - start > 15) return BigInt(s.slice(start, j));
      let n = 0; // exact below 2^53: cheaper than BigInt(string)
      for (let k = start; k < j; k++) n = n * 10 + (s.charCodeAt(k) - 0x30);
      return BigInt(n);
    }
    const prefix = radix === 16 ? "0x" : radix === 2 ? "0b" : "0o";
    return BigInt(prefix + s.slice(digitsAt, j));
  }

  /** Reads a symbol name, or returns `null`. */
  ident(): string | null {
    if (!isIdentStart(this.peek())) return null;
    const start = this.span(isIdentPart);
    return this.s.slice(start, this.i);
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
    let value = 0n;
    let symbol: string | null = null;
    let reloc: string | null = null;
    let negative = false;
    const c0 = this.peek();
    if (c0 === C.MINUS || c0 === C.PLUS) {
      negative = c0 === C.MINUS;
      this.i++;
    }
    for (;;) {
      const n = this.#unsigned();
      if (n !== null) value += negative ? -n : n;
      else {
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
    return { value, symbol, reloc };
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

function digitValue(c: number): number {
  if (isDigit(c)) return c - 0x30;
  const l = c | 0x20;
  if (l >= 0x61 && l <= 0x66) return l - 0x61 + 10;
  return 99;
}
