import type { ModuleRegistry } from './internal/module-runner';
import type { Provided } from './internal/modules/provided';

// Every module of the one image. Targets can be chosen with --target;
// infrastructure modules start only as some target's dependency.
export const MODULES: ModuleRegistry<Provided> = {
  health: {
    kind: 'infrastructure',
    deps: [],
    load: async () => (await import('./internal/modules/health.js')).healthModule,
  },
  metrics: {
    kind: 'infrastructure',
    deps: [],
    load: async () => (await import('./internal/modules/metrics.js')).metricsModule,
  },
  database: {
    kind: 'infrastructure',
    deps: ['health'],
    load: async () => (await import('./internal/modules/database.js')).databaseModule,
  },
  redis: {
    kind: 'infrastructure',
    deps: ['health'],
    load: async () => (await import('./internal/modules/redis.js')).redisModule,
  },
  kafka: {
    kind: 'infrastructure',
    // metrics: every Kafka consumer reports its lag (streamhub_kafka_consumer_lag).
    deps: ['metrics'],
    load: async () => (await import('./internal/modules/kafka.js')).kafkaModule,
  },
  producer: {
    kind: 'infrastructure',
    deps: ['kafka'],
    load: async () => (await import('./internal/modules/producer.js')).producerModule,
  },
  localServices: {
    kind: 'infrastructure',
    deps: [],
    load: async () => (await import('./internal/modules/local-services.js')).localServicesModule,
  },
  localEvents: {
    kind: 'infrastructure',
    deps: [],
    load: async () => (await import('./internal/modules/local-events.js')).localEventsModule,
  },
  grpcServer: {
    kind: 'infrastructure',
    deps: ['localServices'],
    load: async () => (await import('./internal/modules/grpc-server.js')).grpcServerModule,
  },
  probeServer: {
    kind: 'infrastructure',
    deps: ['health', 'metrics'],
    load: async () => (await import('./internal/modules/probe-server.js')).probeServerModule,
  },
  temporalClient: {
    kind: 'infrastructure',
    deps: [],
    load: async () => (await import('./internal/modules/temporal-client.js')).temporalClientModule,
  },
  auth: {
    kind: 'target',
    deps: ['database', 'redis', 'producer', 'grpcServer', 'temporalClient'],
    load: async () => (await import('./auth/module.js')).authModule,
  },
  admin: {
    kind: 'target',
    deps: ['database', 'kafka', 'grpcServer'],
    load: async () => (await import('./admin/module.js')).adminModule,
  },
  notifications: {
    kind: 'target',
    deps: ['database', 'kafka', 'producer', 'grpcServer', 'localServices'],
    load: async () => (await import('./notifications/module.js')).notificationsModule,
  },
  gateway: {
    kind: 'target',
    // kafka: every gateway process consumes the fan-out topics for its WebSocket sockets,
    // and tells what it reads to the process's other modules (localEvents).
    deps: ['health', 'metrics', 'redis', 'kafka', 'localServices', 'localEvents'],
    load: async () => (await import('./gateway/module.js')).gatewayModule,
  },
  storage: {
    kind: 'target',
    deps: ['health', 'grpcServer'],
    load: async () => (await import('./storage/module.js')).storageModule,
  },
  billing: {
    kind: 'target',
    deps: ['database', 'redis', 'kafka', 'producer', 'grpcServer', 'temporalClient'],
    load: async () => (await import('./billing/module.js')).billingModule,
  },
  files: {
    kind: 'target',
    deps: ['database', 'redis', 'kafka', 'producer', 'grpcServer', 'localServices', 'temporalClient'],
    load: async () => (await import('./files/module.js')).filesModule,
  },
  chat: {
    kind: 'target',
    // localEvents: the channel events this process's gateway reads refresh chat's guesses.
    // metrics: how often a post's guess was current.
    deps: ['metrics', 'database', 'kafka', 'producer', 'grpcServer', 'localServices', 'localEvents'],
    load: async () => (await import('./chat/module.js')).chatModule,
  },
  ingest: {
    kind: 'target',
    deps: ['kafka', 'temporalClient', 'localServices'],
    load: async () => (await import('./ingest/module.js')).ingestModule,
  },
  operator: {
    kind: 'target',
    // A cluster component: `all` (local runs, tests) has no API server to talk to.
    inAll: false,
    deps: ['health', 'metrics', 'database', 'kafka', 'localServices'],
    load: async () => (await import('./operator/module.js')).operatorModule,
  },
  worker: {
    kind: 'target',
    // Hosts every workflow and the activities their owning services provide
    // (docs/durable-processes.md); the deps are what those providers use.
    // metrics: activity outcomes, and the upload confirmation latency files' commit observes.
    deps: ['health', 'metrics', 'database', 'redis', 'temporalClient', 'localServices'],
    load: async () =>
      (await import('./worker/module.js')).createWorkerModule([
        (await import('./files/activities/provider.js')).filesActivityProvider,
        (await import('./billing/activities/provider.js')).billingActivityProvider,
        (await import('./auth/activities/provider.js')).authActivityProvider,
        (await import('./billing/activities/account-deletion-provider.js')).billingAccountDeletionProvider,
        (await import('./admin/activities/provider.js')).adminActivityProvider,
      ]),
  },
};
