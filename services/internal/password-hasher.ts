import bcrypt from 'bcrypt';

// bcrypt runs on libuv's thread pool (4 threads by default), never on the
// event loop. Capping concurrent hashes at 2 keeps threads free for DNS and
// file I/O, so a burst of logins queues instead of stalling everything else.
const MAX_CONCURRENT_HASHES = 2;

export class PasswordHasher {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private dummyHash?: Promise<string>;

  constructor(private readonly cost: number) {}

  hash(password: string): Promise<string> {
    return this.limited(() => bcrypt.hash(password, this.cost));
  }

  /**
   * Compares against a throw-away hash when the user does not exist, so an
   * unknown email takes as long to refuse as a wrong password.
   */
  async verify(password: string, hash: string | undefined): Promise<boolean> {
    this.dummyHash ??= this.hash('streamhub-timing-equaliser');
    const target = hash ?? (await this.dummyHash);
    const matches = await this.limited(() => bcrypt.compare(password, target));
    return hash !== undefined && matches;
  }

  private async limited<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= MAX_CONCURRENT_HASHES)
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active += 1;
    try {
      return await work();
    } finally {
      this.active -= 1;
      this.waiting.shift()?.();
    }
  }
}
