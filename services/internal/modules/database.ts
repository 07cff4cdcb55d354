import { createDatabase } from '../db';
import type { StreamHubModule } from './provided';

export const databaseModule: StreamHubModule = {
  config: ['database'],
  async start({ config, use }) {
    const db = createDatabase(config.get('database'));
    use('health').add('postgres', async () => {
      await db.raw('select 1');
      return true;
    });
    return { value: db, stop: () => db.destroy() };
  },
};
