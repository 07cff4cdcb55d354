import { Code, ConnectError } from '@connectrpc/connect';
import { AppError, errorCodeForGrpc } from './errors';
import { fromConnectError, toConnectError } from './grpc/errors';
import { createLogger } from './logger';

const logger = createLogger({ level: 'silent' });

describe('errors across gRPC', () => {
  it('carries the stable code, detail and fields through a ConnectError', () => {
    const original = new AppError('invalid_argument', 'bad email', [{ field: 'email', message: 'invalid' }]);
    const wire = toConnectError(original, logger);
    expect(wire.code).toBe(Code.InvalidArgument);
    const back = fromConnectError(wire);
    expect(back).toMatchObject({
      code: 'invalid_argument',
      detail: 'bad email',
      fields: [{ field: 'email', message: 'invalid' }],
    });
    expect(back.status).toBe(400);
  });

  it('keeps quota_exceeded and rate_limited apart although both travel as RESOURCE_EXHAUSTED', () => {
    expect(fromConnectError(toConnectError(new AppError('quota_exceeded', 'full'), logger)).code).toBe(
      'quota_exceeded',
    );
    expect(fromConnectError(toConnectError(new AppError('rate_limited', 'slow down'), logger)).code).toBe(
      'rate_limited',
    );
  });

  it('hides the message of unexpected errors', () => {
    const wire = toConnectError(new Error('password=hunter2 leaked'), logger);
    expect(wire.code).toBe(Code.Internal);
    expect(fromConnectError(wire)).toMatchObject({ code: 'internal', detail: 'internal error' });
  });

  it('maps a peer without StreamHub codes by its gRPC status', () => {
    expect(fromConnectError(new ConnectError('down', Code.Unavailable)).code).toBe('unavailable');
    expect(errorCodeForGrpc(Code.NotFound)).toBe('not_found');
    expect(errorCodeForGrpc(Code.DataLoss)).toBe('internal');
  });
});
