import { find, type KubeObject } from './support/objects';
import { checkRules, expandGrafanaVariables, type RuleGroup } from './support/promtool';
import { renderChart } from './support/render-chart';

const PROMETHEUS_RULE_API = 'monitoring.coreos.com/v1/PrometheusRule';

interface Panel {
  id: number;
  type: string;
  title: string;
  targets?: Array<{ refId: string; expr: string }>;
  panels?: Panel[]; // a collapsed row keeps its panels inside it
}

async function renderedRule(): Promise<KubeObject> {
  return find(
    await renderChart({
      set: { 'monitoring.prometheusRule.enabled': true },
      apiVersions: [PROMETHEUS_RULE_API],
    }),
    'PrometheusRule',
    'sh-streamhub',
  );
}

async function renderedDashboardPanels(): Promise<Panel[]> {
  const map = find(
    await renderChart({ set: { 'monitoring.grafanaDashboard.enabled': true } }),
    'ConfigMap',
    'sh-streamhub-dashboard',
  );
  const { panels } = JSON.parse(map.data['streamhub.json'] as string) as { panels: Panel[] };
  return panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

const failureMessage = (output: string) => `promtool check rules failed:\n${output}`;

// Prometheus's own parser and rule checks over what the chart ships: the
// PrometheusRule's groups as a rules file, and every dashboard query as a
// recording rule (Grafana's variables filled in), so a PromQL typo in either
// fails here rather than in a Prometheus reload or an empty panel.
describe('promtool over the chart’s alerts and dashboard queries', () => {
  it('accepts the PrometheusRule’s groups as a rules file', async () => {
    const groups = (await renderedRule()).spec.groups as RuleGroup[];
    const ruleCount = groups.reduce((sum, group) => sum + group.rules.length, 0);
    const result = await checkRules(groups);
    if (!result.ok) throw new Error(failureMessage(result.output));
    expect(result.output).toContain(`SUCCESS: ${ruleCount} rules found`);
  });

  it('parses every dashboard query', async () => {
    const panels = await renderedDashboardPanels();
    const rules = panels.flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({
        record: `dashboard:panel_${panel.id}:${target.refId}`,
        expr: expandGrafanaVariables(target.expr, { namespace: 'streamhub' }),
      })),
    );
    expect(rules.length).toBeGreaterThan(10);
    const result = await checkRules([{ name: 'dashboard', rules }]);
    if (!result.ok) throw new Error(failureMessage(result.output));
    expect(result.output).toContain(`SUCCESS: ${rules.length} rules found`);
  });

  // The two checks above are only as good as promtool's answer: it must say
  // no to what Prometheus would refuse.
  it.each([
    ['an unclosed parenthesis', { record: 'dashboard:typo', expr: 'sum(rate(streamhub_x_total[5m])' }],
    ['a misspelt function', { record: 'dashboard:typo', expr: 'sum(rat(streamhub_x_total[5m]))' }],
    ['an alert without a name', { alert: '', expr: 'up == 0' }],
  ])('refuses %s', async (_name, rule) => {
    const result = await checkRules([{ name: 'broken', rules: [rule] }]);
    expect(result.ok).toBe(false);
    expect(result.output).toMatch(/FAILED|error/i);
  });

  it('fills Grafana’s interval variables and refuses an unknown one', () => {
    expect(
      expandGrafanaVariables('rate(x{namespace="$namespace"}[$__rate_interval])', { namespace: 'ns' }),
    ).toBe('rate(x{namespace="ns"}[5m])');
    expect(() => expandGrafanaVariables('x{pod="${pod}"}', { namespace: 'ns' })).toThrow('${pod}');
  });
});
