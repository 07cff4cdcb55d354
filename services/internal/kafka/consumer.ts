import type { Consumer, Kafka, KafkaMessage } from 'kafkajs';
import type { Logger } from '../logger';
import { decodeEvent, type Event } from './events';
import type { TopicSpec } from './topics';

/** One kind of reaction to events; it must be idempotent by event id (delivery is at least once). */
export interface EventHandler {
  readonly name: string;
  readonly topics: TopicSpec[];
  handle(event: Event, message: KafkaMessage): Promise<void>;
}

/**
 * Runs a handler in its own consumer group. The offset is committed only
 * after the handler succeeded, so a crash re-delivers; a message that is not
 * an Event at all is logged and skipped so it cannot block its partition.
 */
export class EventConsumer {
  private readonly consumer: Consumer;

  constructor(
    kafka: Kafka,
    private readonly handler: EventHandler,
    private readonly logger: Logger,
    groupPrefix = 'streamhub',
  ) {
    this.consumer = kafka.consumer({
      groupId: `${groupPrefix}.${handler.name}`,
      allowAutoTopicCreation: false,
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({
      topics: this.handler.topics.map((topic) => topic.name),
      fromBeginning: true,
    });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        let event: Event;
        try {
          event = decodeEvent(message.value ?? new Uint8Array());
        } catch (error) {
          this.logger.error(
            { err: error, topic, partition, offset: message.offset },
            'skipping a message that is not an Event',
          );
          return;
        }
        await this.handler.handle(event, message);
      },
    });
  }

  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
