import { find, mainContainer } from './support/objects';
import { renderChart } from './support/render-chart';

// In split mode the gateway consumes Kafka itself (the WebSocket fans chat,
// notification, file and billing events out to its sockets), so it needs the
// brokers and the same group/topic naming as the services that produce them.
describe('the gateway Deployment in split mode', () => {
  it('reads the Kafka brokers, client id and group prefix from the shared config, like chat', async () => {
    const objects = await renderChart({
      set: { mode: 'split', 'config.kafkaGroupPrefix': 'tenant-a' },
      valuesFiles: ['charts/streamhub/ci/production.yaml'],
    });
    const config = find(objects, 'ConfigMap', 'sh-streamhub-config');
    expect(config.data).toMatchObject({
      KAFKA_BROKERS: 'kafka-0.kafka.data.svc:9092,kafka-1.kafka.data.svc:9092,kafka-2.kafka.data.svc:9092',
      KAFKA_GROUP_PREFIX: 'tenant-a',
    });
    expect(config.data.KAFKA_CLIENT_ID).toBeTruthy();
    for (const target of ['gateway', 'chat', 'notifications']) {
      const container = mainContainer(find(objects, 'Deployment', `sh-streamhub-${target}`));
      expect(container.envFrom).toEqual([{ configMapRef: { name: 'sh-streamhub-config' } }]);
      // Nothing of its own overrides the shared Kafka settings (one topic prefix for producers and consumers).
      const own = (container.env ?? []).map((entry: { name: string }) => entry.name);
      expect(own.filter((name: string) => name.startsWith('KAFKA_'))).toEqual([]);
    }
  });
});
