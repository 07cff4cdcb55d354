import { parseFlowResult } from './flow-client';

describe('parseFlowResult', () => {
  it('reads the FLOW_RESULT line among other output', () => {
    const result = { count: 3, errors: 0, elapsedMs: 1000, rate: 3, errorSamples: [] };
    expect(parseFlowResult(`warming up\nFLOW_RESULT ${JSON.stringify(result)}\n`)).toEqual(result);
  });

  it('says so when there is none', () => {
    expect(() => parseFlowResult('TypeError: fetch failed\n')).toThrow(/no FLOW_RESULT line/);
  });
});
