/**
 * The command's stdout and stderr, as the CLI writes them.
 */
import { writeSync } from "node:fs";

/**
 * Writes with `fs.writeSync` on the raw descriptor: `process.stdout` is a
 * stream whose first use loads Node's stream and tty/net modules (several ms
 * of a ~70 ms run on a small file). A descriptor that is non-blocking (a pipe
 * shared with another Node process) may refuse with EAGAIN; the rest then goes
 * through the stream, which waits for the reader. A reader that went away
 * (EPIPE, as in `stapsdt-ls big | head`) ends the output quietly.
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
        if (code !== "EAGAIN") throw e;
        fallback = true;
        // A copy: the stream keeps what it is given, and callers reuse their buffers.
        stream().write(Buffer.from(bytes.subarray(done)));
        return;
      }
    }
    stream().write(typeof data === "string" ? data : Buffer.from(data));
  };
}
