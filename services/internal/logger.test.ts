import { loadConfig } from './config';
import { chooseLogFormat } from './logger';

describe('chooseLogFormat', () => {
  it('writes pretty lines for a person at a terminal', () => {
    expect(chooseLogFormat({ stdoutIsTTY: true })).toBe('pretty');
  });

  it('writes JSON when stdout is a pipe or a file (log collectors, Kubernetes)', () => {
    expect(chooseLogFormat({ stdoutIsTTY: false })).toBe('json');
  });

  it.each([
    ['json', true],
    ['json', false],
    ['pretty', true],
    ['pretty', false],
  ] as const)(
    'keeps LOG_FORMAT=%s whether or not stdout is a terminal (TTY %p)',
    (requested, stdoutIsTTY) => {
      expect(chooseLogFormat({ requested, stdoutIsTTY })).toBe(requested);
    },
  );
});

describe('LOG_FORMAT', () => {
  it('is optional: unset leaves the choice to the terminal check', () => {
    expect(loadConfig({}, ['core']).get('core').logFormat).toBeUndefined();
  });

  it('accepts json and pretty', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }, ['core']).get('core').logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, ['core']).get('core').logFormat).toBe('pretty');
  });

  it('refuses anything else at start-up, naming the variable', () => {
    expect(() => loadConfig({ LOG_FORMAT: 'text' }, ['core'])).toThrow(/LOG_FORMAT/);
  });
});
