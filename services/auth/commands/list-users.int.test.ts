import { randomUUID } from 'node:crypto';
import { AUTH_ERRORS } from '../errors';
import { authStore, type UserRow } from '../store';
import { listUsers } from './list-users';
import { rolledBackTransactions } from '../../internal/testing/rolled-back-transactions';

describe('listUsers', () => {
  const { trx } = rolledBackTransactions();
  // A marker only this test's users carry, so other tests' users never match.
  const marker = () => `list-${randomUUID().slice(0, 8)}`;

  async function user(email: string, changes: Partial<Pick<UserRow, 'role' | 'disabled_at'>> = {}) {
    const row = await authStore.insertUser(trx(), { email, password_hash: 'x', display_name: 'x' });
    if (Object.keys(changes).length === 0) return row;
    const [updated] = await trx()
      .withSchema('auth')
      .table('users')
      .where({ id: row.id })
      .update(changes)
      .returning('*');
    return updated as UserRow;
  }

  it('finds users by an email substring, whatever its case, newest first', async () => {
    const tag = marker();
    const first = await user(`a-${tag}@example.test`);
    const second = await user(`b-${tag}@example.test`);
    await user(`c-${marker()}@example.test`);
    const page = await listUsers({ deps: { db: trx() }, emailContains: ` ${tag.toUpperCase()} ` });
    // Same transaction, same now(): the id breaks the tie, still one order.
    expect(page.users.map((found) => found.id).sort()).toEqual([first.id, second.id].sort());
    expect(page.nextCursor).toBeUndefined();
  });

  it('treats % and _ in the search as plain characters', async () => {
    const tag = marker();
    await user(`x-${tag}@example.test`);
    expect((await listUsers({ deps: { db: trx() }, emailContains: `%${tag}` })).users).toEqual([]);
    expect((await listUsers({ deps: { db: trx() }, emailContains: `_-${tag}` })).users).toEqual([]);
  });

  it('filters by role and by status', async () => {
    const tag = marker();
    const admin = await user(`admin-${tag}@example.test`, { role: 'admin' });
    const disabled = await user(`off-${tag}@example.test`, { disabled_at: new Date() });
    const plain = await user(`on-${tag}@example.test`);
    const ids = async (filter: { role?: 'user' | 'admin'; status?: 'active' | 'disabled' }) =>
      (await listUsers({ deps: { db: trx() }, emailContains: tag, ...filter })).users
        .map((found) => found.id)
        .sort();
    expect(await ids({ role: 'admin' })).toEqual([admin.id]);
    expect(await ids({ role: 'user' })).toEqual([disabled.id, plain.id].sort());
    expect(await ids({ status: 'disabled' })).toEqual([disabled.id]);
    expect(await ids({ status: 'active' })).toEqual([admin.id, plain.id].sort());
  });

  it('pages with a cursor, every user exactly once, newest first', async () => {
    const tag = marker();
    const created: string[] = [];
    for (let index = 0; index < 5; index++) {
      const row = await user(`${index}-${tag}@example.test`);
      // Distinct creation times, one millisecond apart at least.
      await trx()
        .withSchema('auth')
        .table('users')
        .where({ id: row.id })
        .update({
          created_at: new Date(Date.UTC(2020, 0, 1, 0, 0, 0, index)),
        });
      created.push(row.id);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listUsers({ deps: { db: trx() }, emailContains: tag, limit: 2, cursor });
      expect(page.users.length).toBeLessThanOrEqual(2);
      seen.push(...page.users.map((found) => found.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...created].reverse());
  });

  it('refuses a cursor it did not make', async () => {
    await expect(listUsers({ deps: { db: trx() }, cursor: 'not-a-cursor' })).rejects.toMatchObject({
      code: AUTH_ERRORS.invalidCursor().code,
    });
  });
});
