import cliProgress from 'cli-progress';
import type { Progress } from '../upload.js';
import { formatBytes } from './format.js';

/** Per-file bars and one for the whole transfer, on stderr; plain lines when stderr is not a terminal. */
export interface TransferProgress {
  /** A bar for one file; call the answer with each progress event. */
  start(label: string, total: number): (progress: Progress) => void;
  finish(label: string): void;
  stop(): void;
}

const FORMAT = ' {label} |{bar}| {percentage}% {done}/{size}';

export function transferProgress(
  totalBytes: number,
  stream: NodeJS.WriteStream = process.stderr,
): TransferProgress {
  if (!stream.isTTY) return plainProgress(stream);
  const bars = new cliProgress.MultiBar(
    {
      stream,
      format: FORMAT,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      fps: 10,
      barsize: 30,
    },
    cliProgress.Presets.shades_classic,
  );
  const loadedByFile = new Map<string, number>();
  const totalBar = bars.create(totalBytes, 0, payload('total', 0, totalBytes));
  const update = () => {
    const loaded = [...loadedByFile.values()].reduce((sum, value) => sum + value, 0);
    totalBar.update(loaded, payload('total', loaded, totalBytes));
  };
  const fileBars = new Map<string, cliProgress.SingleBar>();
  return {
    start(label, total) {
      const bar = bars.create(total, 0, payload(label, 0, total));
      fileBars.set(label, bar);
      return ({ loaded }) => {
        bar.update(loaded, payload(label, loaded, total));
        loadedByFile.set(label, loaded);
        update();
      };
    },
    finish(label) {
      const bar = fileBars.get(label);
      if (bar) bars.remove(bar);
      fileBars.delete(label);
    },
    stop: () => bars.stop(),
  };
}

function payload(label: string, done: number, size: number) {
  return {
    label: label.length > 30 ? `…${label.slice(-29)}` : label.padEnd(30),
    done: formatBytes(done),
    size: formatBytes(size),
  };
}

function plainProgress(stream: NodeJS.WriteStream): TransferProgress {
  return {
    start: () => () => undefined,
    finish: (label) => void stream.write(`${label}: done\n`),
    stop: () => undefined,
  };
}
