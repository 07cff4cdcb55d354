// Mailpit: the SMTP server StreamHub's mail goes to locally, with a web UI
// and an HTTP API that list every message (the OTP tests read codes there).
import { VERSIONS } from '../versions';
import { ensureGoBinary } from './go-binary';

export function ensureMailpit(signal?: AbortSignal): Promise<string> {
  return ensureGoBinary(
    {
      name: 'mailpit',
      binary: 'mailpit',
      version: VERSIONS.mailpit.version,
      module: VERSIONS.mailpit.module,
      expected: 'about 1.5 min, 35 MB',
    },
    signal,
  );
}
