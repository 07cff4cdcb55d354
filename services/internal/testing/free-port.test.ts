import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, testPortRange } from './free-port';

function rangeFile(content: string): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'port-range-')), 'ip_local_port_range');
  fs.writeFileSync(file, content);
  return file;
}

describe('freePort', () => {
  it('takes ports from right below the kernel ephemeral range, where outgoing connections never land', () => {
    expect(testPortRange(rangeFile('32768\t60999\n'))).toEqual({ low: 30000, high: 32767 });
    expect(testPortRange(rangeFile('10000 65000\n'))).toEqual({ low: 7232, high: 9999 });
    expect(testPortRange(path.join(os.tmpdir(), 'no-such-range-file'))).toEqual({ low: 30000, high: 32767 });
  });

  it('returns distinct ports one can listen on, none of them ephemeral', async () => {
    const { low, high } = testPortRange();
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(low);
      expect(port).toBeLessThanOrEqual(high);
    }
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});
