/**
 * `attachment` with the file name in RFC 6266 / RFC 5987 form
 * (`filename*=UTF-8''<percent-encoded>`), so any name survives, including
 * non-ASCII ones and quotes; an empty name gives a plain `attachment`.
 */
export function attachmentDisposition(fileName: string): string {
  if (!fileName) return 'attachment';
  // RFC 5987's attr-char keeps only A-Z a-z 0-9 and !#$&+-.^_`|~; escaping
  // also !'()* (which encodeURIComponent leaves) stays within it.
  const encoded = encodeURIComponent(fileName).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename*=UTF-8''${encoded}`;
}
