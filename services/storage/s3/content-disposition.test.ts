import { attachmentDisposition } from './content-disposition';

describe('attachmentDisposition', () => {
  it('percent-encodes the name as UTF-8, leaving only RFC 5987 attr-chars', () => {
    expect(attachmentDisposition("résumé 2026 (1)!*'.pdf~")).toBe(
      "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9%202026%20%281%29%21%2A%27.pdf~",
    );
    expect(attachmentDisposition('a/b";c.txt')).toBe("attachment; filename*=UTF-8''a%2Fb%22%3Bc.txt");
  });

  it('gives a plain attachment without a name', () => {
    expect(attachmentDisposition('')).toBe('attachment');
  });
});
