import { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } from 'kafkajs';
import { isLostProducerSession } from './producer';

// Shaped as kafkajs builds them from a broker's error code (protocol/error.js).
function protocolError(type: string, code: number): KafkaJSProtocolError {
  return new KafkaJSProtocolError({ type, code, retriable: false, message: type } as never);
}

describe('isLostProducerSession', () => {
  it('recognises the answers of a broker that lost this session, bare or wrapped by the retrier', () => {
    const outOfOrder = protocolError('OUT_OF_ORDER_SEQUENCE_NUMBER', 45);
    expect(isLostProducerSession(outOfOrder)).toBe(true);
    expect(
      isLostProducerSession(
        new (KafkaJSNonRetriableError as unknown as new (e: Error, o: { cause: Error }) => Error)(
          outOfOrder,
          { cause: outOfOrder },
        ),
      ),
    ).toBe(true);
    expect(isLostProducerSession(protocolError('UNKNOWN_PRODUCER_ID', 59))).toBe(true);
    expect(isLostProducerSession(protocolError('INVALID_PRODUCER_EPOCH', 47))).toBe(true);
  });

  it('leaves other failures to the outbox retry alone', () => {
    expect(isLostProducerSession(new KafkaJSConnectionError('connect ECONNREFUSED'))).toBe(false);
    expect(isLostProducerSession(protocolError('NOT_LEADER_FOR_PARTITION', 6))).toBe(false);
    expect(isLostProducerSession(new Error('boom'))).toBe(false);
    expect(isLostProducerSession(undefined)).toBe(false);
  });
});
