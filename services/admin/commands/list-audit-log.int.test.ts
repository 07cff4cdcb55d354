import { randomUUID } from 'node:crypto';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';
import { adminStore } from '../store';
import { listAuditLog } from './list-audit-log';

describe('listAuditLog', () => {
  const { trx } = rolledBackTransactions();

  async function entry(actorUserId: string | null, action: string, occurredAt: string, subjectId?: string) {
    await adminStore.recordAuditEntry(trx(), {
      eventId: randomUUID(),
      action,
      actorUserId,
      subjectId: subjectId ?? null,
      data: { note: action },
      occurredAt: new Date(occurredAt),
    });
  }

  it('lists an actor’s entries newest first, filtered by action and a half-open time range', async () => {
    const actor = randomUUID();
    await entry(actor, 'user.disabled', '2020-01-01T00:00:00Z');
    await entry(actor, 'user.role_changed', '2020-01-02T00:00:00Z');
    await entry(actor, 'user.disabled', '2020-01-03T00:00:00Z');
    await entry(randomUUID(), 'user.disabled', '2020-01-02T00:00:00Z');
    const list = async (filter: { action?: string; from?: Date; to?: Date }) =>
      (await listAuditLog({ deps: { db: trx() }, actorUserId: actor, ...filter })).entries.map((row) => [
        row.action,
        row.occurred_at.toISOString().slice(0, 10),
      ]);
    expect(await list({})).toEqual([
      ['user.disabled', '2020-01-03'],
      ['user.role_changed', '2020-01-02'],
      ['user.disabled', '2020-01-01'],
    ]);
    expect(await list({ action: 'user.disabled' })).toEqual([
      ['user.disabled', '2020-01-03'],
      ['user.disabled', '2020-01-01'],
    ]);
    expect(
      await list({ from: new Date('2020-01-02T00:00:00Z'), to: new Date('2020-01-03T00:00:00Z') }),
    ).toEqual([['user.role_changed', '2020-01-02']]);
  });

  it('pages with a cursor, every entry once, also among entries of the same instant', async () => {
    const actor = randomUUID();
    for (let index = 0; index < 5; index++) await entry(actor, `test.${index}`, '2020-02-01T00:00:00Z');
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditLog({ deps: { db: trx() }, actorUserId: actor, limit: 2, cursor });
      expect(page.entries.length).toBeLessThanOrEqual(2);
      seen.push(...page.entries.map((row) => row.action));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['test.4', 'test.3', 'test.2', 'test.1', 'test.0']);
  });

  it('refuses a malformed actor or cursor as invalid_argument', async () => {
    await expect(listAuditLog({ deps: { db: trx() }, actorUserId: 'someone' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
    await expect(listAuditLog({ deps: { db: trx() }, cursor: 'nope' })).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});

describe('the audit log is append-only', () => {
  const { trx } = rolledBackTransactions();

  async function entryOf(actor: string, subject: string) {
    await adminStore.recordAuditEntry(trx(), {
      eventId: randomUUID(),
      action: 'user.disabled',
      actorUserId: actor,
      subjectId: subject,
      data: { userId: subject, email: 'someone@example.test', reason: 'kept' },
      occurredAt: new Date(),
    });
    return trx().withSchema('admin').table('audit_log').where({ actor_user_id: actor }).first();
  }

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    const row = await entryOf(randomUUID(), randomUUID());
    const refused = /append-only/;
    await expect(
      trx().transaction((inner) =>
        inner.withSchema('admin').table('audit_log').where({ id: row.id }).update({ action: 'forged' }),
      ),
    ).rejects.toThrow(refused);
    await expect(
      trx().transaction((inner) =>
        inner.withSchema('admin').table('audit_log').where({ id: row.id }).update({ actor_user_id: null }),
      ),
    ).rejects.toThrow(refused);
    await expect(
      trx().transaction((inner) =>
        inner.withSchema('admin').table('audit_log').where({ id: row.id }).delete(),
      ),
    ).rejects.toThrow(refused);
    await expect(trx().transaction((inner) => inner.raw('TRUNCATE admin.audit_log'))).rejects.toThrow(
      refused,
    );
  });

  it('lets admin.anonymise_audit_entries clear a deleted user’s id and personal data, and nothing else', async () => {
    const deleted = randomUUID();
    const other = randomUUID();
    const about = await entryOf(other, deleted); // someone acted on the deleted user
    const by = await entryOf(deleted, other); // the deleted user acted on someone
    const result = await trx().raw('SELECT admin.anonymise_audit_entries(?) AS changed', [deleted]);
    expect(result.rows[0].changed).toBe(2);
    const rows = await trx().withSchema('admin').table('audit_log').whereIn('id', [about.id, by.id]);
    const aboutNow = rows.find((row) => row.id === about.id);
    const byNow = rows.find((row) => row.id === by.id);
    expect(aboutNow).toMatchObject({
      actor_user_id: other,
      subject_id: null,
      action: 'user.disabled',
      data: { reason: 'kept', anonymised: true },
    });
    expect(aboutNow.data).not.toHaveProperty('email');
    expect(byNow).toMatchObject({ actor_user_id: null, subject_id: other, data: by.data });
    // The switch it sets lasts only inside the function.
    await expect(
      trx().transaction((inner) =>
        inner.withSchema('admin').table('audit_log').where({ id: by.id }).update({ subject_id: null }),
      ),
    ).rejects.toThrow(/append-only/);
  });
});
