import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { LOGIN_FAILURE_BURST } from '../login-failures';
import { hashRefreshToken } from '../refresh-tokens';
import { outboxEvents } from '../testing/outbox-events';
import { authCommandDeps, verifierFor } from '../testing/command-deps';
import { logInUser } from './log-in-user';
import { signUpUser } from './sign-up-user';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('logInUser', () => {
  const { db, trx } = rolledBackTransactions();
  const password = 'correct horse battery';

  const deps = () => authCommandDeps(trx(), db);
  const signUp = async () =>
    (await signUpUser({ deps: deps(), email: `user-${randomUUID()}@example.test`, password })).user;
  const familyOf = async (refreshToken: string) =>
    (
      await trx()
        .withSchema('auth')
        .table('refresh_tokens')
        .where({ token_hash: hashRefreshToken(refreshToken) })
        .first()
    ).family_id as string;

  it('logs in with the right password, whatever the email’s case and spaces', async () => {
    const user = await signUp();
    const session = await logInUser({ deps: deps(), email: ` ${user.email.toUpperCase()} `, password });
    expect(session.user.id).toBe(user.id);
    await expect(verifierFor(deps()).verify(session.accessToken)).resolves.toMatchObject({ userId: user.id });
  });

  it('starts a new token family at every login', async () => {
    const user = await signUp();
    const first = await logInUser({ deps: deps(), email: user.email, password });
    const second = await logInUser({ deps: deps(), email: user.email, password });
    expect(await familyOf(first.refreshToken)).not.toBe(await familyOf(second.refreshToken));
  });

  it('refuses a wrong password and an unknown email with the same error', async () => {
    const user = await signUp();
    const expected = {
      code: AUTH_ERRORS.invalidCredentials().code,
      detail: AUTH_ERRORS.invalidCredentials().detail,
    };
    await expect(
      logInUser({ deps: deps(), email: user.email, password: 'not the password' }),
    ).rejects.toMatchObject(expected);
    await expect(
      logInUser({ deps: deps(), email: `nobody-${randomUUID()}@example.test`, password }),
    ).rejects.toMatchObject(expected);
  });

  it('refuses a disabled account, but only once the password is right', async () => {
    const user = await signUp();
    await trx()
      .withSchema('auth')
      .table('users')
      .where({ id: user.id })
      .update({ disabled_at: trx().fn.now() });
    await expect(logInUser({ deps: deps(), email: user.email, password })).rejects.toMatchObject({
      code: AUTH_ERRORS.accountDisabled().code,
    });
    // A wrong password says nothing about the account's state.
    await expect(
      logInUser({ deps: deps(), email: user.email, password: 'wrong password' }),
    ).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidCredentials().code,
    });
  });

  it('records a burst of failed logins for one email as one auth.login_failures event, not one per failure', async () => {
    const user = await signUp();
    for (let attempt = 0; attempt < LOGIN_FAILURE_BURST.failures * 2; attempt++)
      await expect(logInUser({ deps: deps(), email: user.email, password: 'wrong' })).rejects.toMatchObject({
        code: AUTH_ERRORS.invalidCredentials().code,
      });
    const bursts = (await outboxEvents(trx(), user.id)).filter(
      (event) => event.type === 'auth.login_failures',
    );
    expect(bursts).toHaveLength(1);
    expect(bursts[0]).toMatchObject({ actorUserId: '' });
    expect(bursts[0]!.payload.value).toMatchObject({
      email: user.email,
      userId: user.id,
      failures: LOGIN_FAILURE_BURST.failures,
    });
  });

  it('records bursts against an email no account has, keyed by the email', async () => {
    const nobody = `nobody-${randomUUID()}@example.test`;
    for (let attempt = 0; attempt < LOGIN_FAILURE_BURST.failures; attempt++)
      await expect(logInUser({ deps: deps(), email: nobody, password })).rejects.toBeDefined();
    const [burst] = await outboxEvents(trx(), nobody);
    expect(burst?.payload.value).toMatchObject({ email: nobody, userId: '' });
  });
});
