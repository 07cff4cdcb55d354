import { fromBinary } from '@bufbuild/protobuf';
import { randomUUID } from 'node:crypto';
import { EventSchema } from '../../../proto/gen/events/v1/events_pb.js';
import { TOPICS } from '../../internal/kafka/topics';
import { AUTH_ERRORS } from '../errors';
import { hashRefreshToken } from '../refresh-tokens';
import { authCommandDeps, verifierFor } from '../testing/command-deps';
import { signUpUser } from './sign-up-user';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('signUpUser', () => {
  const { db, trx } = rolledBackTransactions();

  // Each test runs in a transaction that is rolled back: its users and
  // outbox rows never reach other tests or Kafka.

  const email = () => `Ada-${randomUUID()}@Example.TEST`;

  it('stores the account with the email lower-cased and trimmed and the password only as a bcrypt hash', async () => {
    const given = email();
    const session = await signUpUser({
      deps: authCommandDeps(trx(), db),
      email: `  ${given} `,
      password: 'correct horse',
    });
    const row = await trx().withSchema('auth').table('users').where({ id: session.user.id }).first();
    expect(row).toMatchObject({
      email: given.toLowerCase(),
      role: 'user',
      email_verified: false,
      disabled_at: null,
    });
    expect(row.password_hash).toMatch(/^\$2[aby]\$04\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('names the user after the email’s local part unless a display name is given', async () => {
    const given = email();
    const unnamed = await signUpUser({
      deps: authCommandDeps(trx(), db),
      email: given,
      password: 'correct horse',
    });
    expect(unnamed.user.display_name).toBe(given.split('@')[0]!.toLowerCase());
    const named = await signUpUser({
      deps: authCommandDeps(trx(), db),
      email: email(),
      password: 'correct horse',
      displayName: '  Grace ',
    });
    expect(named.user.display_name).toBe('Grace');
  });

  it('writes one user.signed_up event to the auth outbox in the same transaction, keyed by the user', async () => {
    const session = await signUpUser({
      deps: authCommandDeps(trx(), db),
      email: email(),
      password: 'correct horse',
    });
    const rows = await trx().withSchema('auth').table('outbox').where({ key: session.user.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ topic: TOPICS.authEvents.name, key: session.user.id });
    const event = fromBinary(EventSchema, rows[0].payload);
    expect(event.payload.case).toBe('userSignedUp');
    expect(event.payload.value).toMatchObject({
      userId: session.user.id,
      email: session.user.email,
      displayName: session.user.display_name,
    });
  });

  it('logs the new user in: an access token the JWKS verifies and a refresh token stored only as its hash', async () => {
    const deps = authCommandDeps(trx(), db);
    const session = await signUpUser({ deps, email: email(), password: 'correct horse' });
    expect(session.expiresIn).toBe(deps.tokens.accessTokenTtlSeconds);
    await expect(verifierFor(deps).verify(session.accessToken)).resolves.toMatchObject({
      userId: session.user.id,
      role: 'user',
    });
    const stored = await trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .where({ token_hash: hashRefreshToken(session.refreshToken) })
      .first();
    expect(stored).toMatchObject({ user_id: session.user.id, used_at: null, revoked_at: null });
  });

  it('refuses an email that exists in another capitalisation with emailTaken, and writes no second event', async () => {
    const given = email();
    const first = await signUpUser({
      deps: authCommandDeps(trx(), db),
      email: given,
      password: 'correct horse',
    });
    await expect(
      trx().transaction((inner) =>
        signUpUser({ deps: authCommandDeps(inner, db), email: given.toUpperCase(), password: 'another one' }),
      ),
    ).rejects.toMatchObject({ code: AUTH_ERRORS.emailTaken().code, detail: AUTH_ERRORS.emailTaken().detail });
    expect(await trx().withSchema('auth').table('users').where({ email: given.toLowerCase() })).toHaveLength(
      1,
    );
    expect(await trx().withSchema('auth').table('outbox').where({ key: first.user.id })).toHaveLength(1);
  });
});
