import { randomUUID } from 'node:crypto';
import { revocationsSince } from '../../internal/session-revocations';
import { issuedAtOfTokenId } from '../../internal/token-ids';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { AUTH_ERRORS } from '../errors';
import { hashRefreshToken } from '../refresh-tokens';
import { authCommandDeps, testRedis, verifierFor } from '../testing/command-deps';
import { outboxEvents } from '../testing/outbox-events';
import { refreshSession } from './refresh-session';
import { setUserAccess } from './set-user-access';
import { signUpUser } from './sign-up-user';

describe('setUserAccess', () => {
  const { db, trx } = rolledBackTransactions();
  const deps = () => authCommandDeps(trx(), db);
  const admin = randomUUID();
  const signUp = () =>
    signUpUser({ deps: deps(), email: `access-${randomUUID()}@example.test`, password: 'correct horse' });
  const revokedAt = async (userId: string) =>
    (await revocationsSince(testRedis(), 0)).find((revocation) => revocation.userId === userId)?.revokedAtMs;

  it('disables a user: refresh tokens revoked, access tokens revoked in Redis, one user.disabled event', async () => {
    const session = await signUp();
    const before = Date.now();
    const user = await setUserAccess({
      deps: deps(),
      actorUserId: admin,
      userId: session.user.id,
      disabled: true,
    });
    expect(user.disabled_at).toBeInstanceOf(Date);
    const token = await trx()
      .withSchema('auth')
      .table('refresh_tokens')
      .where({ token_hash: hashRefreshToken(session.refreshToken) })
      .first();
    expect(token.revoked_at).toBeInstanceOf(Date);
    await expect(refreshSession({ deps: deps(), refreshToken: session.refreshToken })).rejects.toMatchObject({
      code: AUTH_ERRORS.refreshTokenReused().code,
    });
    // Every access token issued so far was issued at or before the revocation.
    const at = await revokedAt(session.user.id);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(
      issuedAtOfTokenId((await verifierFor(deps()).verify(session.accessToken)).tokenId),
    ).toBeLessThanOrEqual(at!);
    const events = await outboxEvents(trx(), session.user.id);
    expect(events.map((event) => [event.type, event.actorUserId]).sort()).toEqual([
      ['user.disabled', admin],
      ['user.signed_up', session.user.id],
    ]);
  });

  it('changes nothing and records nothing when the user already is in that state', async () => {
    const session = await signUp();
    await setUserAccess({ deps: deps(), actorUserId: admin, userId: session.user.id, disabled: true });
    await setUserAccess({ deps: deps(), actorUserId: admin, userId: session.user.id, disabled: true });
    await setUserAccess({ deps: deps(), actorUserId: admin, userId: session.user.id, role: 'user' });
    expect((await outboxEvents(trx(), session.user.id)).map((event) => event.type).sort()).toEqual([
      'user.disabled',
      'user.signed_up',
    ]);
  });

  it('enables a user again, and changes a role, recording each change', async () => {
    const session = await signUp();
    await setUserAccess({ deps: deps(), actorUserId: admin, userId: session.user.id, disabled: true });
    const enabled = await setUserAccess({
      deps: deps(),
      actorUserId: admin,
      userId: session.user.id,
      disabled: false,
      role: 'admin',
    });
    expect(enabled).toMatchObject({ disabled_at: null, role: 'admin' });
    // One transaction's rows share created_at: compare as a set.
    const events = await outboxEvents(trx(), session.user.id);
    expect(events.map((event) => event.type).sort()).toEqual([
      'user.disabled',
      'user.enabled',
      'user.role_changed',
      'user.signed_up',
    ]);
    expect(events.find((event) => event.type === 'user.role_changed')!.payload.value).toMatchObject({
      previousRole: 'user',
      role: 'admin',
    });
  });

  it('refuses to demote or disable the last active admin, and allows it once there is another', async () => {
    // Inside this rolled-back transaction, no other admin is active.
    await trx().withSchema('auth').table('users').where({ role: 'admin' }).update({ role: 'user' });
    const only = (await signUp()).user;
    await setUserAccess({ deps: deps(), actorUserId: admin, userId: only.id, role: 'admin' });
    for (const change of [{ role: 'user' as const }, { disabled: true }])
      await expect(
        setUserAccess({ deps: deps(), actorUserId: only.id, userId: only.id, ...change }),
      ).rejects.toMatchObject({ code: AUTH_ERRORS.lastAdmin().code });

    const second = (await signUp()).user;
    await setUserAccess({ deps: deps(), actorUserId: only.id, userId: second.id, role: 'admin' });
    await expect(
      setUserAccess({ deps: deps(), actorUserId: second.id, userId: only.id, role: 'user' }),
    ).resolves.toMatchObject({ role: 'user' });
  });

  it('answers userNotFound for an unknown or malformed id', async () => {
    for (const userId of [randomUUID(), 'not-a-uuid'])
      await expect(
        setUserAccess({ deps: deps(), actorUserId: admin, userId, disabled: true }),
      ).rejects.toMatchObject({ code: AUTH_ERRORS.userNotFound().code });
  });
});
