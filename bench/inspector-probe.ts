// Reads a bench child's memory through the V8 inspector (the child runs with
// --inspect=127.0.0.1:<port>, bench only): a full GC first, then
// process.memoryUsage(), so what the figure counts is what is still alive,
// not garbage V8 has not collected yet. The app has no debug code for this.
import fs from 'node:fs';
import WebSocket from 'ws';
import { appRss } from './rss';

export interface MemoryUsage {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  /** Memory of C++ objects bound to JS ones, array buffers included. */
  external: number;
  arrayBuffers: number;
}

interface InspectorReply {
  id?: number;
  method?: string;
  params?: { chunk?: string };
  result?: { result?: { value?: string }; usedSize?: number };
  error?: { message: string };
}

/** One inspector session on a child process. */
export class InspectorProbe {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: InspectorReply) => void>();
  private onEvent?: (reply: InspectorReply) => void;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data) => {
      const reply = JSON.parse((data as Buffer).toString('utf8')) as InspectorReply;
      if (reply.id === undefined) return this.onEvent?.(reply);
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static async connect(port: number): Promise<InspectorProbe> {
    const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      webSocketDebuggerUrl: string;
    }>;
    const url = targets[0]?.webSocketDebuggerUrl;
    if (!url) throw new Error(`no inspector target on port ${port}`);
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 2 ** 30 });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    return new InspectorProbe(ws);
  }

  private call(method: string, params: object = {}): Promise<InspectorReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) =>
        reply.error ? reject(new Error(`${method}: ${reply.error.message}`)) : resolve(reply),
      );
      this.ws.send(JSON.stringify({ id, method, params }));
    });
  }

  /**
   * Collects garbage (twice: weak references and finalizers free more on the
   * second) and reads the usage. RSS is read from /proc by the caller's pid:
   * process.memoryUsage() opens a file, which fails (EMFILE) in a process at
   * its open-file limit; then the heap comes from the inspector and external
   * is NaN (unknown).
   */
  async memoryAfterGc(pid: number): Promise<MemoryUsage> {
    await this.call('HeapProfiler.collectGarbage');
    await this.call('HeapProfiler.collectGarbage');
    const rss = appRss(pid).totalMiB * 1024 * 1024;
    const reply = await this.call('Runtime.evaluate', {
      expression: `(() => { try { return JSON.stringify(process.memoryUsage()); } catch { return ''; } })()`,
      returnByValue: true,
    });
    const text = reply.result?.result?.value;
    if (text) return { ...(JSON.parse(text) as MemoryUsage), rss };
    // process.memoryUsage() opens /proc/self/status: at the fd limit (the capacity phase's end) it
    // throws. V8's own statistics open nothing and give the same heap used and external.
    const v8Reply = await this.call('Runtime.evaluate', {
      expression: `JSON.stringify(process.mainModule.require('node:v8').getHeapStatistics())`,
      returnByValue: true,
    });
    const stats = JSON.parse(v8Reply.result!.result!.value as string) as {
      used_heap_size: number;
      total_heap_size: number;
      external_memory: number;
    };
    return {
      rss,
      heapUsed: stats.used_heap_size,
      heapTotal: stats.total_heap_size,
      external: stats.external_memory,
      arrayBuffers: NaN,
    };
  }

  /** Writes a heap snapshot (for finding what a socket retains: compare two in DevTools). */
  async writeHeapSnapshot(file: string): Promise<void> {
    const out = fs.createWriteStream(file);
    this.onEvent = (event) => {
      if (event.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(event.params!.chunk!);
    };
    await this.call('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
    this.onEvent = undefined;
    await new Promise((resolve) => out.end(resolve));
  }

  close(): void {
    this.ws.terminate();
  }
}
