import { loggablePath } from './request-context';

describe('loggablePath', () => {
  const token = 'aQnPTWu_ebob2ITthtYJ0Mx2iJD9Qz2arRXRsfBERRY';

  it('keeps a public link request in the access log without its token', () => {
    expect(loggablePath(`/v1/public/${token}`)).toBe('/v1/public/[redacted]');
    // The router matches paths case-insensitively, so the redaction does too.
    expect(loggablePath(`/V1/Public/${token}`)).not.toContain(token);
  });

  it('leaves every other path as it is', () => {
    expect(loggablePath('/v1/files/3f0c/links')).toBe('/v1/files/3f0c/links');
    expect(loggablePath(`/v1/files/${token}`)).toBe(`/v1/files/${token}`);
  });
});
