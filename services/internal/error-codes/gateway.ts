import { defineErrorCodes } from './kinds';

/** Codes only the HTTP gateway answers with: problems with the HTTP request itself. */
export const GATEWAY_ERROR_CODES = defineErrorCodes({
  body_too_large: { kind: 'too_large', title: 'Request body too large', retry: false },
  unsupported_media_type: { kind: 'unsupported_media_type', title: 'Unsupported media type', retry: false },
  unsupported_encoding: {
    kind: 'unsupported_media_type',
    title: 'Unsupported content encoding',
    retry: false,
  },
  headers_too_large: { kind: 'headers_too_large', title: 'Request headers too large', retry: false },
  bad_request: { kind: 'invalid_argument', title: 'Malformed HTTP request', retry: false },
  upgrade_required: { kind: 'upgrade_required', title: 'WebSocket upgrade required', retry: false },
});
