import { component, envOf, find, mainContainer, ofKind } from './support/objects';
import { renderChart } from './support/render-chart';

describe('quick-start servers', () => {
  it('deploys single-replica StatefulSets with a PVC each, from official images', async () => {
    const statefulSets = ofKind(await renderChart(), 'StatefulSet');
    const images = Object.fromEntries(statefulSets.map((set) => [component(set), mainContainer(set).image]));
    expect(images).toEqual({
      postgres: 'postgres:16',
      redis: 'redis:7',
      kafka: 'apache/kafka:4.1.1',
      minio: expect.stringMatching(/^minio\/minio:RELEASE\./),
      temporal: 'temporalio/temporal:1.5.1',
    });
    for (const set of statefulSets) {
      expect(set.spec.replicas).toBe(1);
      expect(set.spec.volumeClaimTemplates).toHaveLength(1);
      expect(set.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true });
      expect(mainContainer(set).securityContext.capabilities).toEqual({ drop: ['ALL'] });
      // Injected KAFKA_*_PORT-style variables would be read as settings by the Kafka image.
      expect(set.spec.template.spec.enableServiceLinks).toBe(false);
    }
  });

  it('deploys none when the quick start is off', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/production.yaml'] });
    expect(ofKind(objects, 'StatefulSet')).toEqual([]);
    expect(find(objects, 'ConfigMap', 'sh-streamhub-config').data).toMatchObject({
      KAFKA_BROKERS: 'kafka-0.kafka.data.svc:9092,kafka-1.kafka.data.svc:9092,kafka-2.kafka.data.svc:9092',
      TEMPORAL_ADDRESS: 'temporal-frontend.temporal.svc:7233',
      S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com',
    });
  });

  it('replaces just one server by its external counterpart', async () => {
    const objects = await renderChart({ valuesFiles: ['charts/streamhub/ci/mixed.yaml'] });
    expect(ofKind(objects, 'StatefulSet').map(component).sort()).toEqual([
      'kafka',
      'minio',
      'redis',
      'temporal',
    ]);
  });

  it('sends MinIO bucket notifications to the quick-start Kafka under the target id the platform names', async () => {
    const minio = mainContainer(find(await renderChart(), 'StatefulSet', 'sh-streamhub-minio'));
    expect(envOf(minio)).toMatchObject({
      MINIO_NOTIFY_KAFKA_ENABLE_STREAMHUB: 'on',
      MINIO_NOTIFY_KAFKA_BROKERS_STREAMHUB: 'sh-streamhub-kafka:9092',
      MINIO_NOTIFY_KAFKA_TOPIC_STREAMHUB: 'storage.object-events',
    });
    // A queue store would hold every event up to 3 s; the upload workflow's own checks cover a lost one.
    expect(envOf(minio)).not.toHaveProperty('MINIO_NOTIFY_KAFKA_QUEUE_DIR_STREAMHUB');
  });

  it('runs Kafka as one KRaft node advertising its Service', async () => {
    const kafka = envOf(mainContainer(find(await renderChart(), 'StatefulSet', 'sh-streamhub-kafka')));
    expect(kafka).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://sh-streamhub-kafka:9092',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
    });
  });

  it('starts the Temporal dev server with its UI on all interfaces and the platform namespace and search attributes', async () => {
    const temporal = mainContainer(find(await renderChart(), 'StatefulSet', 'sh-streamhub-temporal'));
    const args = (temporal.args as string[]).join(' ');
    expect(args).toContain('server start-dev --ip 0.0.0.0 --ui-ip 0.0.0.0 --port 7233 --ui-port 8233');
    expect(args).toContain('--namespace streamhub');
    expect(args).toContain('--search-attribute UserId=Keyword --search-attribute FileId=Keyword');
  });
});
