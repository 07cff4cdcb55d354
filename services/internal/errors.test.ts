import { Code, ConnectError } from '@connectrpc/connect';
import { genericCodeForGrpc } from './error-codes';
import { AppError } from './errors';
import { fromConnectError, toConnectError } from './grpc/errors';
import { createLogger } from './logger';

const logger = createLogger({ level: 'silent' });
const roundTrip = (error: AppError) => fromConnectError(toConnectError(error, logger));

describe('errors across gRPC', () => {
  it('carries the stable code, detail and fields through a ConnectError', () => {
    const original = new AppError('invalid_argument', 'bad email', [{ field: 'email', message: 'invalid' }]);
    const wire = toConnectError(original, logger);
    expect(wire.code).toBe(Code.InvalidArgument);
    expect(wire.metadata.get('streamhub-error-code')).toBe('invalid_argument');
    const back = fromConnectError(wire);
    expect(back).toMatchObject({
      code: 'invalid_argument',
      detail: 'bad email',
      fields: [{ field: 'email', message: 'invalid' }],
    });
    expect(back.status).toBe(400);
  });

  it('keeps quota_exceeded and rate_limited apart although both travel as RESOURCE_EXHAUSTED', () => {
    expect(toConnectError(new AppError('quota_exceeded', 'full'), logger).code).toBe(Code.ResourceExhausted);
    expect(roundTrip(new AppError('quota_exceeded', 'full'))).toMatchObject({
      code: 'quota_exceeded',
      status: 403,
    });
    expect(roundTrip(new AppError('rate_limited', 'slow down'))).toMatchObject({
      code: 'rate_limited',
      status: 429,
    });
  });

  it('sends a state conflict as FAILED_PRECONDITION and a taken name as ALREADY_EXISTS, both 409', () => {
    const notArrived = toConnectError(new AppError('upload_not_arrived', 'not yet'), logger);
    expect(notArrived.code).toBe(Code.FailedPrecondition);
    expect(fromConnectError(notArrived)).toMatchObject({ code: 'upload_not_arrived', status: 409 });
    const failed = toConnectError(new AppError('upload_verification_failed', 'bad sha'), logger);
    expect(fromConnectError(failed).code).toBe('upload_verification_failed');
    const taken = toConnectError(new AppError('name_taken', 'taken'), logger);
    expect(taken.code).toBe(Code.AlreadyExists);
    expect(fromConnectError(taken)).toMatchObject({ code: 'name_taken', status: 409 });
  });

  it('hides the message of unexpected errors', () => {
    const wire = toConnectError(new Error('password=hunter2 leaked'), logger);
    expect(wire.code).toBe(Code.Internal);
    expect(fromConnectError(wire)).toMatchObject({ code: 'internal', detail: 'internal error' });
  });

  it('passes a peer’s error through a service unchanged, trailer included', () => {
    const fromStorage = toConnectError(new AppError('object_too_large', 'too big'), logger);
    expect(toConnectError(fromStorage, logger)).toBe(fromStorage);
    expect(fromConnectError(fromStorage)).toMatchObject({ code: 'object_too_large', status: 413 });
  });

  it('maps a peer without StreamHub codes by its gRPC status, hiding its message', () => {
    expect(fromConnectError(new ConnectError('down', Code.Unavailable))).toMatchObject({
      code: 'unavailable',
      status: 503,
    });
    expect(fromConnectError(new ConnectError('secret', Code.NotFound))).toMatchObject({
      code: 'not_found',
      detail: 'internal error',
    });
    expect(genericCodeForGrpc(Code.DeadlineExceeded)).toBe('unavailable');
    expect(genericCodeForGrpc(Code.FailedPrecondition)).toBe('conflict');
    expect(genericCodeForGrpc(Code.PermissionDenied)).toBe('forbidden');
    expect(genericCodeForGrpc(Code.DataLoss)).toBe('internal');
  });

  it('maps a code this process does not know (a newer peer) to the generic code of its status', () => {
    const metadata = new Headers({
      'streamhub-error-code': 'upload_paused',
      'streamhub-error-fields': JSON.stringify([{ field: 'fileId', message: 'paused' }]),
    });
    const error = fromConnectError(
      new ConnectError('the upload is paused', Code.FailedPrecondition, metadata),
    );
    expect(error).toMatchObject({
      code: 'conflict',
      status: 409,
      detail: 'the upload is paused (upload_paused)',
      fields: [{ field: 'fileId', message: 'paused' }],
    });
  });

  it('ignores a malformed fields trailer instead of failing the request', () => {
    const metadata = new Headers({
      'streamhub-error-code': 'invalid_argument',
      'streamhub-error-fields': '{oops',
    });
    expect(fromConnectError(new ConnectError('bad', Code.InvalidArgument, metadata))).toMatchObject({
      code: 'invalid_argument',
      fields: [],
    });
  });
});
