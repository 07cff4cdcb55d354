import type { FILES_ERROR_CODES } from '../../internal/error-codes/files';
import { errorFactory, type CommonErrorCode } from '../../internal/errors';

// The share commands' own errors (the item's 404s and the 403 come from authorizeItem).
const shareError = errorFactory<keyof typeof FILES_ERROR_CODES | CommonErrorCode>();

export const SHARE_ERRORS = {
  shareNotFound: () => shareError('share_not_found', 'this item has no share with that id'),
  invalidEmail: () =>
    shareError('invalid_argument', 'email must be an email address', [
      { field: 'body.email', message: 'must be an email address' },
    ]),
  invalidRole: () =>
    shareError('invalid_argument', 'role must be viewer or editor', [
      { field: 'body.role', message: 'must be viewer or editor' },
    ]),
  sharedWithOwner: () =>
    shareError('invalid_argument', 'you own this item: share it with someone else', [
      { field: 'body.email', message: 'is your own address' },
    ]),
  invalidItemKind: () =>
    shareError('invalid_argument', 'the item kind must be file or folder', [
      { field: 'itemKind', message: 'must be file or folder' },
    ]),
};
