import { fromBinary } from '@bufbuild/protobuf';
import { EventSchema, type Event } from '../../../proto/gen/events/v1/events_pb.js';
import type { Database } from '../../internal/db';

/** The events written to the auth outbox under this key (one transaction's share a created_at: no order). */
export async function outboxEvents(db: Database, key: string): Promise<Event[]> {
  const rows = await db.withSchema('auth').table('outbox').where({ key });
  return rows.map((row: { payload: Buffer }) => fromBinary(EventSchema, row.payload));
}
