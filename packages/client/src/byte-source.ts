import { open, stat } from 'node:fs/promises';

/** Bytes to upload: a file on disk (read a part at a time) or bytes in memory. */
export interface ByteSource {
  size: number;
  /** Identifies the content for resuming: the path, size and modification time, or a digest-free marker for memory. */
  identity: string;
  read(start: number, end: number): Promise<Uint8Array>;
}

export async function byteSourceOf(source: string | Uint8Array): Promise<ByteSource> {
  if (typeof source !== 'string')
    return {
      size: source.byteLength,
      identity: `memory:${source.byteLength}`,
      read: async (start, end) => source.subarray(start, end),
    };
  const info = await stat(source);
  if (!info.isFile()) throw new Error(`${source} is not a file`);
  return {
    size: info.size,
    identity: `file:${source}:${info.size}:${info.mtimeMs}`,
    read: async (start, end) => {
      const handle = await open(source, 'r');
      try {
        const buffer = Buffer.alloc(end - start);
        let offset = 0;
        while (offset < buffer.length) {
          const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, start + offset);
          if (bytesRead === 0) throw new Error(`${source} became shorter while uploading`);
          offset += bytesRead;
        }
        return buffer;
      } finally {
        await handle.close();
      }
    },
  };
}

const CHUNK_BYTES = 64 * 1024;

/** A request body that reports each chunk as fetch takes it, for progress while bytes leave. */
export function countedBody(bytes: Uint8Array, onBytes: (count: number) => void): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (offset >= bytes.byteLength) {
        controller.close();
        return;
      }
      const chunk = bytes.subarray(offset, Math.min(bytes.byteLength, offset + CHUNK_BYTES));
      offset += chunk.byteLength;
      controller.enqueue(chunk);
      onBytes(chunk.byteLength);
    },
  });
}
