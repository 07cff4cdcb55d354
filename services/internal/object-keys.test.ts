import { AppError } from './errors';
import { objectKey, parseObjectKey } from './object-keys';

const USER = '8d5e2c4c-6f0e-4a57-9c1e-0b6f3f1f4a10';
const FILE = '0190f6a1-7b2c-7d3e-8f40-123456789abc';
const ATTEMPT = '5b0c9e7a-2d4f-4b1e-9a3c-7e6d5c4b3a21';

describe('objectKey', () => {
  it('names a file version users/<userId>/<fileId>/<version>', () => {
    expect(objectKey({ userId: USER, fileId: FILE, version: 3 })).toBe(`users/${USER}/${FILE}/3`);
  });

  it('adds the upload attempt, so every upload writes a key never issued before', () => {
    expect(objectKey({ userId: USER, fileId: FILE, version: 3, attempt: ATTEMPT })).toBe(
      `users/${USER}/${FILE}/3-${ATTEMPT}`,
    );
    expect(objectKey({ userId: USER, fileId: FILE, version: 3, attempt: '' })).toBe(
      `users/${USER}/${FILE}/3`,
    );
    expect(() => objectKey({ userId: USER, fileId: FILE, version: 3, attempt: '../x' })).toThrow(AppError);
  });

  it('spells ids in lower case, so one file has one key', () => {
    expect(objectKey({ userId: USER.toUpperCase(), fileId: FILE, version: 1 })).toBe(
      `users/${USER}/${FILE}/1`,
    );
  });

  it('refuses a malformed reference, naming every bad field', () => {
    let error: unknown;
    try {
      objectKey({ userId: 'alice', fileId: `${FILE}/../x`, version: 0 });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid_argument');
    expect((error as AppError).fields.map((problem) => problem.field)).toEqual([
      'object.user_id',
      'object.file_id',
      'object.version',
    ]);
  });

  it('refuses versions that are not positive int32 integers', () => {
    for (const version of [0, -1, 1.5, Number.NaN, 2 ** 31])
      expect(() => objectKey({ userId: USER, fileId: FILE, version })).toThrow(AppError);
    expect(objectKey({ userId: USER, fileId: FILE, version: 2 ** 31 - 1 })).toMatch(/\/2147483647$/);
  });
});

describe('parseObjectKey', () => {
  it('is the inverse of objectKey', () => {
    const ref = { userId: USER, fileId: FILE, version: 12 };
    expect(parseObjectKey(objectKey(ref))).toEqual(ref);
    const attempted = { ...ref, attempt: ATTEMPT };
    expect(parseObjectKey(objectKey(attempted))).toEqual(attempted);
    expect(parseObjectKey(`users%2F${USER}%2F${FILE}%2F7-${ATTEMPT}`)).toEqual({
      userId: USER,
      fileId: FILE,
      version: 7,
      attempt: ATTEMPT,
    });
  });

  it('reads the query-escaped key of a MinIO event record', () => {
    expect(parseObjectKey(`users%2F${USER}%2F${FILE}%2F7`)).toEqual({
      userId: USER,
      fileId: FILE,
      version: 7,
    });
    expect(parseObjectKey(`users%2f${USER}%2f${FILE}%2f7`)).toEqual({
      userId: USER,
      fileId: FILE,
      version: 7,
    });
  });

  it('returns undefined for anything else', () => {
    for (const key of [
      '',
      'users/',
      `users/${USER}/${FILE}`,
      `users/${USER}/${FILE}/`,
      `users/${USER}/${FILE}/0`,
      `users/${USER}/${FILE}/01`,
      `users/${USER}/${FILE}/1/extra`,
      `users/${USER}/${FILE}/1-`,
      `users/${USER}/${FILE}/1-not-a-uuid`,
      `users/${USER}/${FILE}/1-${ATTEMPT.toUpperCase()}`,
      `users/${USER}/${FILE}/2147483648`,
      `users/${USER.toUpperCase()}/${FILE}/1`,
      `streamhub/users/${USER}/${FILE}/1`,
      `uploads/${USER}/${FILE}/1`,
      `users/${USER}/not-a-uuid/1`,
      `users%2F${USER}%2F${FILE}%2F1%ZZ`,
      `users%2F${USER}%2F${FILE}%2F1+`,
    ])
      expect(parseObjectKey(key)).toBeUndefined();
  });
});
