/** Aborted by Ctrl-C (SIGINT) or SIGTERM: transfers stop, a multipart upload keeps what it sent. */
export function interruptSignal(): AbortSignal {
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return controller.signal;
}
