import { apiClient, uniqueEmail } from '../../../internal/testing/http';
import { latestCodeTo, mailsTo, requireMailpit, waitForMails } from '../../../internal/testing/mailpit';
import { startTestPlatform, type TestPlatform } from '../../../internal/testing/test-platform';

// One-time codes end to end: the real app mails through the stack's Mailpit,
// and each test reads the code from the message Mailpit received.
describe('one-time codes over HTTP and SMTP', () => {
  const { smtpUrl } = requireMailpit();
  const password = 'correct horse battery';
  let app: TestPlatform;

  beforeAll(async () => {
    app = await startTestPlatform({
      env: { SMTP_URL: smtpUrl, RATE_LIMIT_OTP_MAX: '8', OTP_EMAIL_MAX: '3' },
    });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const api = () => apiClient(app.baseUrl);

  async function signUp(request = api(), email = uniqueEmail('otp')) {
    const response = await request('POST', '/v1/auth/signup', { body: { email, password } });
    expect(response.status).toBe(201);
    return { email, ...response.body };
  }

  it('mails a verify-email code at signup, and the code verifies the email', async () => {
    const request = api();
    const account = await signUp(request);
    const mails = await waitForMails(account.email);
    expect(mails[0]!.subject).toBe('StreamHub: Confirm your email address');
    const code = await latestCodeTo(account.email);
    const verified = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'verify-email', code },
    });
    expect(verified.status).toBe(204);
    const me = await request('GET', '/v1/me', { token: account.accessToken });
    expect(me.body.emailVerified).toBe(true);
  });

  it('logs in with a code, answering what a password login answers', async () => {
    const request = api();
    const account = await signUp(request);
    expect(
      (await request('POST', '/v1/auth/otp', { body: { email: account.email, purpose: 'login' } })).status,
    ).toBe(202);
    const code = await latestCodeTo(account.email, 2, 'StreamHub: Your sign-in code'); // after the signup's mail
    const login = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'login', code },
    });
    expect(login.status).toBe(200);
    const byPassword = await request('POST', '/v1/auth/login', { body: { email: account.email, password } });
    expect(Object.keys(login.body).sort()).toEqual(Object.keys(byPassword.body).sort());
    expect(login.body).toMatchObject({ user: { id: account.user.id, emailVerified: true }, expiresIn: 900 });
    expect((await request('GET', '/v1/me', { token: login.body.accessToken })).status).toBe(200);
  });

  it('resets the password with a code and ends every session', async () => {
    const request = api();
    const account = await signUp(request);
    const otherLogin = await request('POST', '/v1/auth/login', { body: { email: account.email, password } });
    await request('POST', '/v1/auth/otp', { body: { email: account.email, purpose: 'reset-password' } });
    const code = await latestCodeTo(account.email, 2, 'StreamHub: Reset your password');
    const newPassword = 'another long passphrase';
    const reset = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'reset-password', code, newPassword },
    });
    expect(reset.status).toBe(204);
    for (const refreshToken of [account.refreshToken, otherLogin.body.refreshToken]) {
      const refreshed = await request('POST', '/v1/auth/refresh', { body: { refreshToken } });
      expect(refreshed.status).toBe(401);
    }
    // The access tokens issued before the reset end too, within a second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    for (const token of [account.accessToken, otherLogin.body.accessToken as string])
      expect((await request('GET', '/v1/me', { token })).status).toBe(401);
    expect(
      (await request('POST', '/v1/auth/login', { body: { email: account.email, password } })).status,
    ).toBe(401);
    expect(
      (await request('POST', '/v1/auth/login', { body: { email: account.email, password: newPassword } }))
        .status,
    ).toBe(200);
  });

  it('validates the new password like signup, before the code is tried', async () => {
    const request = api();
    const account = await signUp(request);
    const missing = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'reset-password', code: '123456' },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([
      { field: 'body.newPassword', message: 'is required for reset-password' },
    ]);
    const short = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'reset-password', code: '123456', newPassword: 'short' },
    });
    expect(short.status).toBe(400);
    expect(short.body.errors[0].field).toBe('body.newPassword');
  });

  it('answers a wrong code with otp_invalid, and kills the code after 5 attempts', async () => {
    const request = api();
    const account = await signUp(request);
    const code = await latestCodeTo(account.email);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await request('POST', '/v1/auth/otp/verify', {
        body: { email: account.email, purpose: 'verify-email', code: wrong },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(response.body).toMatchObject({ code: 'otp_invalid', type: 'urn:streamhub:problem:otp_invalid' });
    }
    const tooLate = await request('POST', '/v1/auth/otp/verify', {
      body: { email: account.email, purpose: 'verify-email', code },
    });
    expect(tooLate.status).toBe(400);
    expect(tooLate.body.code).toBe('otp_invalid');
  });

  it('answers an unknown email exactly like a known one, and mails nothing', async () => {
    const request = api();
    const account = await signUp(request);
    const unknown = uniqueEmail('nobody');
    const forUnknown = await request('POST', '/v1/auth/otp', { body: { email: unknown, purpose: 'login' } });
    const forKnown = await request('POST', '/v1/auth/otp', {
      body: { email: account.email, purpose: 'login' },
    });
    expect([forUnknown.status, forKnown.status]).toEqual([202, 202]);
    expect(forUnknown.body).toEqual(forKnown.body);
    // Mail leaves one message at a time, in order: the known one arriving means the unknown one would have.
    await waitForMails(account.email, 2);
    expect(await mailsTo(unknown)).toEqual([]);
    const verify = await request('POST', '/v1/auth/otp/verify', {
      body: { email: unknown, purpose: 'login', code: '000000' },
    });
    expect(verify.status).toBe(400);
    expect(verify.body.code).toBe('otp_invalid');
  });

  it('limits code requests per client address', async () => {
    const request = api();
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push(
        (await request('POST', '/v1/auth/otp', { body: { email: uniqueEmail(), purpose: 'login' } })).status,
      );
    }
    expect(statuses).toEqual([...Array(8).fill(202), 429]);
    // Another address has its own budget.
    expect(
      (await api()('POST', '/v1/auth/otp', { body: { email: uniqueEmail(), purpose: 'login' } })).status,
    ).toBe(202);
  });

  it('limits code requests per email, from any client address', async () => {
    const email = uniqueEmail('popular');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api()('POST', '/v1/auth/otp', { body: { email, purpose: 'login' } })).status);
    }
    expect(statuses).toEqual([202, 202, 202, 429]);
  });
});
