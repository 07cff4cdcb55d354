import { createLogger } from './logger';
import { loadConfig } from './config';
import {
  resolveTargets,
  startModules,
  startOrder,
  TargetError,
  type ModuleDefinition,
  type ModuleRegistry,
} from './module-runner';

const entry = (kind: 'target' | 'infrastructure', deps: string[] = []) => ({
  kind,
  deps,
  load: async () => ({}) as never,
});
const registry: ModuleRegistry<unknown> = {
  db: entry('infrastructure'),
  queue: entry('infrastructure'),
  api: entry('target', ['db']),
  jobs: entry('target', ['db', 'queue']),
};

describe('resolveTargets', () => {
  it('expands all to every target and never to infrastructure', () => {
    expect(resolveTargets(registry, ['all'])).toEqual(['api', 'jobs']);
  });

  it('leaves a target marked inAll: false out of all, yet runs it when named, also beside all', () => {
    const withOperator = { ...registry, operator: { ...entry('target'), inAll: false } };
    expect(resolveTargets(withOperator, ['all'])).toEqual(['api', 'jobs']);
    expect(resolveTargets(withOperator, ['operator'])).toEqual(['operator']);
    expect(resolveTargets(withOperator, ['all,operator'])).toEqual(['api', 'jobs', 'operator']);
  });

  it('accepts comma-separated and repeated values', () => {
    expect(resolveTargets(registry, ['api,jobs', 'api'])).toEqual(['api', 'jobs']);
  });

  it('refuses unknown targets and infrastructure names, listing the valid ones', () => {
    expect(() => resolveTargets(registry, ['db'])).toThrow(
      new TargetError('unknown target db: choose all or one of api, jobs'),
    );
    expect(() => resolveTargets(registry, [])).toThrow(TargetError);
  });
});

describe('startOrder', () => {
  it('puts dependencies first, each once', () => {
    expect(startOrder(registry, ['api', 'jobs'])).toEqual(['db', 'api', 'queue', 'jobs']);
  });

  it('reports a cycle with its path', () => {
    const cyclic = { a: entry('target', ['b']), b: entry('infrastructure', ['a']) };
    expect(() => startOrder(cyclic, ['a'])).toThrow('module cycle: a -> b -> a');
  });
});

describe('startModules', () => {
  const logger = createLogger({ level: 'silent' });
  const config = loadConfig({}, []);

  it('stops the modules already started, in reverse, when a later one fails', async () => {
    const events: string[] = [];
    const ok = (name: string): ModuleDefinition<unknown> => ({
      config: [],
      start: async () => {
        events.push(`start ${name}`);
        return { stop: async () => void events.push(`stop ${name}`) };
      },
    });
    const definitions = new Map<string, ModuleDefinition<unknown>>([
      ['a', ok('a')],
      ['b', ok('b')],
      ['c', { config: [], start: async () => Promise.reject(new Error('c broke')) }],
    ]);
    await expect(startModules({ order: ['a', 'b', 'c'], definitions, config, logger })).rejects.toThrow(
      'c broke',
    );
    expect(events).toEqual(['start a', 'start b', 'stop b', 'stop a']);
  });

  it('hands a module the values of the modules started before it', async () => {
    const definitions = new Map<string, ModuleDefinition<{ a: number }>>([
      ['a', { config: [], start: async () => ({ value: 42 }) }],
      ['b', { config: [], start: async ({ use }) => ({ value: use('a') + 1 }) }],
    ]);
    const running = await startModules({ order: ['a', 'b'], definitions, config, logger });
    expect(running.names).toEqual(['a', 'b']);
    await running.stop();
  });
});
