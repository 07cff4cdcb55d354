import { MainProcess } from './main-process';

describe('a spawned main.js process', () => {
  it('fails at once with its own output when it cannot start, instead of timing out', async () => {
    const worker = new MainProcess('worker', { TEMPORAL_ADDRESS: 'not-a-host-and-port' });
    const started = Date.now();
    await expect(worker.start()).rejects.toThrow(/exited \(code 1\).*[\s\S]*TEMPORAL_ADDRESS/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('answers /readyz on a free port of its own, never the default 8080 a dev app may hold', async () => {
    const worker = new MainProcess('worker', {});
    try {
      await worker.start();
      expect(worker.log).not.toMatch(/EADDRINUSE/);
    } finally {
      await worker.stop();
    }
  });
});
