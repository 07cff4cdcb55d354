import fs from 'node:fs';
import net from 'node:net';
import { randomInt } from 'node:crypto';

// A port from listen(0) is one of the kernel's ephemeral ports, which it also
// hands to outgoing connections: between freePort() closing it and the app
// listening on it, the app's own first connections (Postgres, Kafka, Redis)
// or another process's could take it, and the listen fails with EADDRINUSE
// (seen in a CI run). So ports come from just below the ephemeral range,
// where no outgoing connection is ever placed, and are checked free by
// listening on them. The servers' fixed ports (README.md, 1xxxx and 2xxxx)
// are lower still.

const EPHEMERAL_RANGE_FILE = '/proc/sys/net/ipv4/ip_local_port_range';
const DEFAULT_EPHEMERAL_LOW = 32768;
const RANGE_SIZE = 2768;
const ATTEMPTS = 100;

/** Handed out by this process: two calls in a row never get the same port. */
const handedOut = new Set<number>();

/** The ports freePort picks from: the RANGE_SIZE ports right below the kernel's ephemeral range. */
export function testPortRange(rangeFile = EPHEMERAL_RANGE_FILE): { low: number; high: number } {
  let ephemeralLow = DEFAULT_EPHEMERAL_LOW;
  try {
    ephemeralLow = Number(fs.readFileSync(rangeFile, 'utf8').trim().split(/\s+/)[0]) || DEFAULT_EPHEMERAL_LOW;
  } catch {
    // Not Linux: the default range's bound.
  }
  const high = ephemeralLow - 1;
  return { low: Math.max(1024, high - RANGE_SIZE + 1), high };
}

/** A port nobody listens on right now, outside the ephemeral range, so parallel test apps do not collide. */
export async function freePort(): Promise<number> {
  const { low, high } = testPortRange();
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const port = randomInt(low, high + 1);
    if (handedOut.has(port)) continue;
    handedOut.add(port); // before the check: a concurrent call must not pick it meanwhile
    if (await canListen(port)) return port;
    handedOut.delete(port);
  }
  throw new Error(`no free port found in ${low}-${high} after ${ATTEMPTS} tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
