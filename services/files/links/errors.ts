import type { FILES_ERROR_CODES } from '../../internal/error-codes/files';
import { errorFactory, type CommonErrorCode } from '../../internal/errors';

const linkError = errorFactory<keyof typeof FILES_ERROR_CODES | CommonErrorCode>();

// Every refusal of a public link says the same words: whether a token exists,
// was revoked, ran out or wants a password must not be learnable from it.
const LINK_GONE = 'this link does not exist, has expired or was revoked, or needs a different password';

export const LINK_ERRORS = {
  linkNotFound: () => linkError('link_not_found', LINK_GONE),
  invalidField: (field: string, message: string) =>
    linkError('invalid_argument', `the request is invalid: ${field}: ${message}`, [{ field, message }]),
};
