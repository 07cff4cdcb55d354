import pino, { type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

export type { Logger };

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/**
 * A person at a terminal reads colored one-line records; anything else (a
 * pipe, a file, a log collector in Kubernetes) gets one JSON object per line.
 * LOG_FORMAT forces either.
 */
export function chooseLogFormat(options: { requested?: LogFormat; stdoutIsTTY: boolean }): LogFormat {
  return options.requested ?? (options.stdoutIsTTY ? 'pretty' : 'json');
}

/** One logger per process; modules take children named after themselves. */
export function createLogger(options: { level: string; name?: string; format?: LogFormat }): Logger {
  const settings: LoggerOptions = {
    name: options.name ?? 'streamhub',
    level: options.level,
    redact: {
      paths: ['*.password', '*.refreshToken', '*.accessToken', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  };
  const format = chooseLogFormat({ requested: options.format, stdoutIsTTY: process.stdout.isTTY === true });
  if (format === 'json') return pino(settings);
  // pino-pretty as a stream in this thread, not a transport: a transport is
  // loaded by module name in a worker thread, which fails where the module
  // cannot be resolved from there (the compiled app, the workflow bundle).
  // Synchronous, so the last lines before an exit are not lost.
  return pino(settings, pinoPretty({ sync: true, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss.l' }));
}

/**
 * A child for lines whose fields are fixed and carry no secret, such as the
 * gateway's one line per request. The parent's redaction scans every field of
 * every line for passwords and tokens, which costs more than the rest of the
 * line (docs/decisions.md, "Process model"); this child skips it. Create it
 * once, never per request.
 */
export function unredactedChild(logger: Logger, bindings: Record<string, unknown> = {}): Logger {
  return logger.child(bindings, { redact: { paths: [] } });
}
