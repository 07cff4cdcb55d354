import { find } from './support/objects';
import { dashboardModelProblems } from './support/grafana-dashboard-model';
import { renderChart } from './support/render-chart';

type Dashboard = Parameters<typeof dashboardModelProblems>[0] & {
  panels: Array<Record<string, unknown>>;
  templating: { list: Array<Record<string, unknown>> };
};

// The dashboard as Grafana's sidecar receives it: from the chart's ConfigMap.
async function renderedDashboard(): Promise<Dashboard> {
  const map = find(
    await renderChart({ set: { 'monitoring.grafanaDashboard.enabled': true } }),
    'ConfigMap',
    'sh-streamhub-dashboard',
  );
  return JSON.parse(map.data['streamhub.json'] as string) as Dashboard;
}

describe('the Grafana dashboard against Grafana’s dashboard JSON model', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await renderedDashboard();
  });

  it('has its required fields, unique ids, a non-overlapping 24-column layout, known panel types, a data source and queries per panel, and only defined variables', () => {
    expect(dashboardModelProblems(dashboard)).toEqual([]);
  });

  // The check must be able to say no: one broken copy per rule.
  const broken = (change: (copy: Dashboard) => void): string[] => {
    const copy = structuredClone(dashboard);
    change(copy);
    return dashboardModelProblems(copy);
  };
  const panel = (copy: Dashboard, title: string) => copy.panels.find((entry) => entry.title === title)!;

  it.each<[string, (copy: Dashboard) => void, RegExp]>([
    ['no uid', (copy) => delete copy.uid, /^uid:/],
    ['no schemaVersion', (copy) => delete copy.schemaVersion, /^schemaVersion:/],
    ['a duplicated panel id', (copy) => (panel(copy, 'Consumer lag').id = 2), /id used by another panel/],
    [
      'a panel wider than the grid',
      (copy) => (panel(copy, 'Consumer lag').gridPos = { x: 4, y: 51, w: 24, h: 8 }),
      /outside the 24-column grid/,
    ],
    [
      'two panels in the same place',
      (copy) => (panel(copy, 'p99 latency per route').gridPos = { x: 6, y: 1, w: 12, h: 8 }),
      /overlaps/,
    ],
    [
      'an unknown panel type',
      (copy) => (panel(copy, 'Consumer lag').type = 'graphh'),
      /not a panel Grafana ships/,
    ],
    [
      'a panel without a data source',
      (copy) => delete panel(copy, 'Consumer lag').datasource,
      /no datasource/,
    ],
    [
      'a target without refId',
      (copy) => delete (panel(copy, 'Consumer lag').targets as Array<Record<string, unknown>>)[0]!.refId,
      /no refId/,
    ],
    [
      'an undefined variable',
      (copy) =>
        ((panel(copy, 'Consumer lag').targets as Array<Record<string, unknown>>)[0]!.expr =
          'streamhub_kafka_consumer_lag{namespace="$namespace",pod="$pod"}'),
      /uses \$pod/,
    ],
  ])('refuses %s', (_name, change, problem) => {
    expect(broken(change)).toEqual(expect.arrayContaining([expect.stringMatching(problem)]));
  });
});
