/**
 * The one way this app reads a body whose size it does not control: a Slack request, a PBX webhook,
 * a PBX answer or export file, a file or stdin given to the CLI. Bytes are counted as they arrive, a
 * declared length over the cap is refused before anything is read, and nothing past the cap is kept
 * in memory. What happens to the rest of the stream is the caller's choice: a client drops the
 * connection, a server answers 413 and then closes it.
 */

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  /** The same code Bolt uses for its own limit, so handlers of either read alike. */
  readonly code = 'body_too_large';
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`body is larger than ${maxBytes} bytes`);
    this.maxBytes = maxBytes;
  }
}

export interface CappedReadOptions {
  readonly maxBytes: number;
  /** A declared length (a `Content-Length` header, a file's size): over the cap, nothing is read. */
  readonly declaredBytes?: string | number | null | undefined;
}

/** A declared length as a number, or undefined when absent or not a plain non-negative integer. */
export function declaredLength(value: string | number | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = String(value).trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/**
 * Reads `source` whole, or throws `BodyTooLargeError` as soon as it exceeds `maxBytes`. The source is
 * iterated by hand, so stopping early neither destroys it nor drains it: the caller decides.
 */
export async function readCappedBody(
  source: AsyncIterable<string | Uint8Array> | null | undefined,
  options: CappedReadOptions,
): Promise<Buffer> {
  const { maxBytes } = options;
  const declared = declaredLength(options.declaredBytes);
  if (declared !== undefined && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!source) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let size = 0;
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) break;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value);
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function readCappedText(
  source: AsyncIterable<string | Uint8Array> | null | undefined,
  options: CappedReadOptions,
): Promise<string> {
  return (await readCappedBody(source, options)).toString('utf8');
}

/**
 * `source` as it arrives, for a reader that consumes a body as a stream (the PBX's export file):
 * the same cap as `readCappedBody`, but nothing is kept here, so memory is the reader's choice.
 */
export async function* cappedChunks(
  source: AsyncIterable<string | Uint8Array> | null | undefined,
  options: CappedReadOptions,
): AsyncGenerator<Uint8Array> {
  const { maxBytes } = options;
  const declared = declaredLength(options.declaredBytes);
  if (declared !== undefined && declared > maxBytes) throw new BodyTooLargeError(maxBytes);
  if (!source) return;
  let size = 0;
  const iterator = source[Symbol.asyncIterator]();
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    yield chunk;
  }
}
