import type { Client as TemporalClient } from '@temporalio/client';
import type { Redis } from 'ioredis';
import type { Kafka } from 'kafkajs';
import type { Registry } from 'prom-client';
import type { Database } from '../db';
import type { LocalServices } from '../grpc/local-services';
import type { GrpcServer } from '../grpc/server';
import type { HealthRegistry } from '../health';
import type { LocalEvents } from '../kafka/local-events';
import type { EventProducer } from '../kafka/producer';
import type { ModuleDefinition } from '../module-runner';

/** What each infrastructure module provides to the modules that depend on it. */
export interface Provided {
  health: HealthRegistry;
  metrics: Registry;
  database: Database;
  redis: Redis;
  kafka: Kafka;
  producer: EventProducer;
  localServices: LocalServices;
  localEvents: LocalEvents;
  grpcServer: GrpcServer;
  temporalClient: TemporalClient;
}

export type StreamHubModule = ModuleDefinition<Provided>;
