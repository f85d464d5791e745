/**
 * The command's stdout and stderr, as the CLI writes them.
 */
import { writeSync } from "node:fs";

/**
 * Output could not be written (a full disk: ENOSPC; EIO, EBADF, ...). Not an
 * error about any input: it has no `code` of its own, so the per-file
 * catches (`isInputError`) let it through to `main`, which prints one line
 * and exits 1, whatever was being printed.
 */
export class WriteError extends Error {
  constructor(override readonly cause: unknown) {
    super(`write error: ${systemMessage(cause)}`);
    this.name = "WriteError";
  }
}

/**
 * The C library's text for an OS error, from Node's message
 * (`ENOSPC: no space left on device, write` -> `No space left on device`).
 */
function systemMessage(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const m = /^E[A-Z0-9]+: ([^,]+)/.exec(message);
  const text = m ? m[1]! : message;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Writes with `fs.writeSync` on the raw descriptor: `process.stdout` is a
 * stream whose first use loads Node's stream and tty/net modules (several ms
 * of a ~70 ms run on a small file). A descriptor that is non-blocking (a pipe
 * shared with another Node process) may refuse with EAGAIN; the rest then goes
 * through the stream, which waits for the reader. A reader that went away
 * (EPIPE, as in `stapsdt-ls big | head`) ends the output quietly; any other
 * failure is a {@link WriteError}.
 */
export function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (data: string | Uint8Array) => void {
  let fallback = false;
  let closed = false;
  return (data) => {
    if (closed) return;
    if (!fallback) {
      const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        return;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (code === "EPIPE") {
          closed = true;
          return;
        }
        if (code !== "EAGAIN") throw new WriteError(e);
        fallback = true;
        // A copy: the stream keeps what it is given, and callers reuse their buffers.
        stream().write(Buffer.from(bytes.subarray(done)));
        return;
      }
    }
    stream().write(typeof data === "string" ? data : Buffer.from(data));
  };
}
