// The few host globals the portable core uses, declared here so that the core
// type-checks with no Node (or DOM) type definitions at all (tsconfig.core.json).
// Every target (browsers, Deno, Bun, Node) provides them.
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: Uint8Array): string;
}
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
