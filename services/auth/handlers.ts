import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import { OtpPurpose as OtpPurposeMessage } from '../../proto/gen/auth/v1/auth_pb.js';
import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { getUser } from './commands/get-user';
import { getUserStats } from './commands/get-user-stats';
import { listUsers } from './commands/list-users';
import { logInUser } from './commands/log-in-user';
import { logOutSession } from './commands/log-out-session';
import { refreshSession } from './commands/refresh-session';
import { issueOtp, requestOtp } from './commands/request-otp';
import { setUserAccess } from './commands/set-user-access';
import { signUpUser } from './commands/sign-up-user';
import { startAccountDeletion, type TemporalStarter } from './commands/start-account-deletion';
import type { Session } from './commands/start-session';
import { updateUser } from './commands/update-user';
import { verifyOtp } from './commands/verify-otp';
import type { AuthDeps } from './deps';
import type { OtpDeps } from './otp/deps';
import type { OtpPurpose } from './otp/purposes';
import { AUTH_ERRORS } from './errors';
import type { Role, UserRow } from './store';

// gRPC <-> commands, nothing else.
export function createAuthHandlers(
  deps: AuthDeps,
  otp: OtpDeps,
  /** Starts account-deletion:<userId> (DeleteUser); tests of the other calls may leave it out. */
  temporal?: TemporalStarter,
): ServiceImpl<typeof AuthService> {
  return {
    async signUp(request) {
      const session = await signUpUser({
        deps,
        email: request.email,
        password: request.password,
        displayName: request.displayName || undefined,
      });
      // The new account's address is proven with a code (docs/otp.md).
      await issueOtp({
        deps,
        otp,
        email: session.user.email,
        purpose: 'verify-email',
        mailTo: session.user.email,
      });
      return { session: toSessionMessage(session) };
    },
    async logIn(request) {
      return {
        session: toSessionMessage(
          await logInUser({ deps, email: request.email, password: request.password }),
        ),
      };
    },
    async refreshSession(request) {
      return {
        session: toSessionMessage(await refreshSession({ deps, refreshToken: request.refreshToken })),
      };
    },
    async logOut(request) {
      await logOutSession({ deps, refreshToken: request.refreshToken });
      return {};
    },
    async getUser(request) {
      return { user: toUserMessage(await getUser({ deps, userId: request.userId })) };
    },
    async updateUser(request) {
      return {
        user: toUserMessage(
          await updateUser({ deps, userId: request.userId, displayName: request.displayName }),
        ),
      };
    },
    async getJwks() {
      return { jwksJson: JSON.stringify(await deps.keys.jwks()) };
    },
    async requestOtp(request) {
      await requestOtp({ deps, otp, email: request.email, purpose: toOtpPurpose(request.purpose) });
      return {};
    },
    async verifyOtp(request) {
      const session = await verifyOtp({
        deps,
        otp,
        email: request.email,
        purpose: toOtpPurpose(request.purpose),
        code: request.code,
        newPassword: request.newPassword || undefined,
      });
      return { session: session && toSessionMessage(session) };
    },
    async listUsers(request) {
      const page = await listUsers({
        deps,
        emailContains: request.emailContains,
        role: asRole(request.role),
        status: request.status === 'active' || request.status === 'disabled' ? request.status : undefined,
        limit: request.limit,
        cursor: request.cursor || undefined,
      });
      return { users: page.users.map(toUserMessage), nextCursor: page.nextCursor ?? '' };
    },
    async setUserAccess(request) {
      const user = await setUserAccess({
        deps,
        actorUserId: request.actorUserId,
        userId: request.userId,
        role: request.role === undefined ? undefined : (asRole(request.role) ?? invalidRole()),
        disabled: request.disabled,
      });
      return { user: toUserMessage(user) };
    },
    async getUserStats() {
      const stats = await getUserStats({ deps });
      return { total: BigInt(stats.total), admins: BigInt(stats.admins), disabled: BigInt(stats.disabled) };
    },
    async deleteUser(request) {
      if (!temporal) throw new Error('this auth service was built without a Temporal client');
      return startAccountDeletion({
        deps,
        temporal,
        actorUserId: request.actorUserId,
        userId: request.userId,
      });
    },
  };
}

function toUserMessage(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    emailVerified: user.email_verified,
    createdAt: timestampFromDate(user.created_at),
    disabledAt: user.disabled_at ? timestampFromDate(user.disabled_at) : undefined,
  };
}

function toSessionMessage(session: Session) {
  return {
    user: toUserMessage(session.user),
    accessToken: session.accessToken,
    refreshToken: session.refreshToken,
    expiresIn: session.expiresIn,
  };
}

function asRole(value: string): Role | undefined {
  return value === 'user' || value === 'admin' ? value : undefined;
}

function invalidRole(): never {
  throw AUTH_ERRORS.invalidRole();
}

const OTP_PURPOSES: Partial<Record<OtpPurposeMessage, OtpPurpose>> = {
  [OtpPurposeMessage.VERIFY_EMAIL]: 'verify-email',
  [OtpPurposeMessage.LOGIN]: 'login',
  [OtpPurposeMessage.RESET_PASSWORD]: 'reset-password',
};

function toOtpPurpose(purpose: OtpPurposeMessage): OtpPurpose {
  const name = OTP_PURPOSES[purpose];
  if (!name) throw AUTH_ERRORS.otpPurposeMissing();
  return name;
}
