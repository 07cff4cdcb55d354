import { passwordWeakness } from './password-strength';

describe('passwordWeakness', () => {
  it.each([
    ['password', /common/],
    ['Password1!', /common/],
    ['QWERTYUIOP', /common/],
    ['monkey123', /common/],
    [' '.repeat(8), /whitespace/],
    ['\t\n\u00a0\u2003    ', /whitespace/],
    ['aaaaaaaa', /two different/],
    ['abababab', /two different/],
    ['abcdefgh', /consecutive/],
    ['87654321', /consecutive|common/],
  ])('refuses %j', (password, reason) => {
    expect(passwordWeakness(password)).toMatch(reason);
  });

  it.each([
    'correct horse battery',
    'open sesame',
    'a brand new passphrase',
    'Tr0ub4dor&3x',
    'long enough now',
  ])('accepts %j', (password) => {
    expect(passwordWeakness(password)).toBeUndefined();
  });
});
