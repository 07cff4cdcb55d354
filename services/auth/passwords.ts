// The hasher is shared with the files service (public link passwords).
export { PasswordHasher } from '../internal/password-hasher';
