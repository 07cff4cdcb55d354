import { execFileSync } from 'node:child_process';

/** A detached tmux session on a server of its own (-L), so tests never touch a user's tmux. */
export class TmuxPane {
  private readonly server: string;

  constructor(
    private readonly tmux: string,
    readonly name: string,
  ) {
    this.server = `streamhub-test-${process.pid}`;
  }

  /** Runs `command` in a new 120x30 terminal. */
  start(command: string): void {
    this.run(['new-session', '-d', '-s', this.name, '-x', '120', '-y', '30', command]);
  }

  /** What the terminal shows now. */
  screen(): string {
    return this.run(['capture-pane', '-p', '-t', this.name]);
  }

  /** The pid of the pane's own process (the shell running the command). */
  panePid(): number {
    return Number(this.run(['display-message', '-p', '-t', this.name, '#{pane_pid}']).trim());
  }

  kill(): void {
    try {
      this.run(['kill-session', '-t', this.name]);
    } catch {
      // already gone
    }
  }

  /** Polls the screen until `matches` holds; fails with the last screen after `timeoutMs`. */
  async waitFor(matches: (screen: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (matches(screen)) return screen;
      if (Date.now() > deadline)
        throw new Error(`tmux pane ${this.name} never showed what was awaited:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private run(args: string[]): string {
    return execFileSync(this.tmux, ['-L', this.server, ...args], { encoding: 'utf8' });
  }
}
