import { ChannelTurns } from './channel-turns';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ChannelTurns', () => {
  it('runs one channel’s work one at a time, in the order asked, other channels side by side', async () => {
    const turns = new ChannelTurns();
    const log: string[] = [];
    const releases = new Map<string, () => void>();
    const work = (name: string) => () => {
      log.push(`start ${name}`);
      return new Promise<string>((resolve) =>
        releases.set(name, () => {
          log.push(`end ${name}`);
          resolve(name);
        }),
      );
    };
    const first = turns.run('c1', work('c1 first'));
    const second = turns.run('c1', work('c1 second'));
    const other = turns.run('c2', work('c2'));
    await tick();
    expect(log).toEqual(['start c1 first', 'start c2']);
    releases.get('c1 first')!();
    await tick();
    expect(log).toEqual(['start c1 first', 'start c2', 'end c1 first', 'start c1 second']);
    releases.get('c1 second')!();
    releases.get('c2')!();
    expect(await Promise.all([first, second, other])).toEqual(['c1 first', 'c1 second', 'c2']);
    expect(turns.busy).toBe(0);
  });

  it('goes on with the next post after one that failed', async () => {
    const turns = new ChannelTurns();
    const failing = turns.run('c1', () => Promise.reject(new Error('refused')));
    const next = turns.run('c1', () => Promise.resolve('posted'));
    await expect(failing).rejects.toThrow('refused');
    expect(await next).toBe('posted');
    expect(turns.busy).toBe(0);
  });
});
