import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { ServiceImpl } from '@connectrpc/connect';
import type { AuthService } from '../../proto/gen/auth/v1/auth_pb.js';
import { getUser } from './commands/get-user';
import { logInUser } from './commands/log-in-user';
import { logOutSession } from './commands/log-out-session';
import { refreshSession } from './commands/refresh-session';
import { signUpUser } from './commands/sign-up-user';
import type { Session } from './commands/start-session';
import { updateUser } from './commands/update-user';
import type { AuthDeps } from './deps';
import type { UserRow } from './store';

// gRPC <-> commands, nothing else.
export function createAuthHandlers(deps: AuthDeps): ServiceImpl<typeof AuthService> {
  return {
    async signUp(request) {
      const session = await signUpUser({
        deps,
        email: request.email,
        password: request.password,
        displayName: request.displayName || undefined,
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
