import { DEFAULT_PORTS, portEnvName, resolvePorts } from './ports';

describe('resolvePorts', () => {
  it('returns the fixed defaults when nothing is set', () => {
    expect(resolvePorts({})).toEqual(DEFAULT_PORTS);
  });

  it('moves one port with STREAMHUB_<NAME>_PORT', () => {
    expect(portEnvName('kafkaController')).toBe('STREAMHUB_KAFKA_CONTROLLER_PORT');
    expect(resolvePorts({ STREAMHUB_KAFKA_CONTROLLER_PORT: '29093' })).toEqual({
      ...DEFAULT_PORTS,
      kafkaController: 29093,
    });
  });

  it('rejects a value that is not a port, naming the variable', () => {
    expect(() => resolvePorts({ STREAMHUB_REDIS_PORT: 'redis' })).toThrow(
      'STREAMHUB_REDIS_PORT=redis is not a port number',
    );
  });
});
