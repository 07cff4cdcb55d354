import { trashWindowEnd, trashWorkflowId, uploadWorkflowId } from './workflow-ids';

describe('workflow ids', () => {
  it('puts every purge time of one window under one timer', () => {
    const hour = 3600;
    const a = trashWindowEnd(new Date('2026-12-01T10:00:01Z'), hour);
    const b = trashWindowEnd(new Date('2026-12-01T10:59:59Z'), hour);
    const c = trashWindowEnd(new Date('2026-12-01T11:00:01Z'), hour);
    expect(a.toISOString()).toBe('2026-12-01T11:00:00.000Z');
    expect(b).toEqual(a);
    expect(c.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    expect(trashWindowEnd(new Date('2026-12-01T11:00:00Z'), hour)).toEqual(a);
  });

  it('reads like what an operator searches for', () => {
    expect(uploadWorkflowId('f-1')).toBe('upload:f-1');
    expect(trashWorkflowId('u-1', new Date('2026-12-01T11:00:00Z'))).toBe(
      'trash:u-1:2026-12-01T11:00:00.000Z',
    );
  });
});
