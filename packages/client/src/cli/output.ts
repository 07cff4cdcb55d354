import type { GlobalOptions } from './session.js';

/** JSON for scripts with --json, the text for people otherwise. */
export function print(options: GlobalOptions, data: unknown, text: string): void {
  process.stdout.write(options.json ? `${JSON.stringify(data, null, 2)}\n` : `${text}\n`);
}
