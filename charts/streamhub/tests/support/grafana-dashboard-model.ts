// Checks a dashboard against Grafana's dashboard JSON model, as Grafana's
// documentation describes it ("JSON model" of a dashboard: the top-level
// fields, panels with a gridPos on a 24-column grid, targets with a refId,
// templating variables). Written from the documentation rather than from
// @grafana/schema: that package is not installed here, and it ships
// TypeScript types, not a validator of a JSON file.
//
// Returns every problem found, so a test shows them all at once.

// The panel types Grafana ships (core panel plugins). A dashboard naming
// another type needs a plugin installed in the user's Grafana.
export const GRAFANA_PANEL_TYPES = new Set([
  'alertlist',
  'annolist',
  'barchart',
  'bargauge',
  'candlestick',
  'canvas',
  'dashlist',
  'datagrid',
  'flamegraph',
  'gauge',
  'geomap',
  'heatmap',
  'histogram',
  'logs',
  'news',
  'nodeGraph',
  'piechart',
  'row',
  'stat',
  'state-timeline',
  'status-history',
  'table',
  'text',
  'timeseries',
  'traces',
  'trend',
  'xychart',
]);

const VARIABLE_TYPES = new Set(['query', 'custom', 'constant', 'datasource', 'interval', 'textbox', 'adhoc']);

// Variables Grafana itself defines for every query.
const BUILT_IN_VARIABLES = new Set([
  '__rate_interval',
  '__interval',
  '__interval_ms',
  '__range',
  '__range_s',
  '__range_ms',
  '__from',
  '__to',
  '__dashboard',
  '__user',
  '__org',
]);

const GRID_COLUMNS = 24;
// Grafana's own rule for a dashboard uid: letters, digits, '-' and '_', at most 40.
const UID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
// The oldest schema current Grafana loads without migrating (Grafana 9.x wrote 36).
const MIN_SCHEMA_VERSION = 36;

interface GridPos {
  x: number;
  y: number;
  w: number;
  h: number;
}

interface Panel {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  gridPos?: Partial<GridPos>;
  datasource?: { type?: unknown; uid?: unknown } | null;
  targets?: Array<{ refId?: unknown; expr?: unknown; datasource?: unknown }>;
  panels?: Panel[];
  collapsed?: boolean;
}

interface Dashboard {
  title?: unknown;
  uid?: unknown;
  schemaVersion?: unknown;
  panels?: unknown;
  templating?: { list?: Array<{ name?: unknown; type?: unknown; query?: unknown; datasource?: unknown }> };
}

export function dashboardModelProblems(dashboard: Dashboard): string[] {
  const problems: string[] = [];
  if (typeof dashboard.title !== 'string' || dashboard.title.trim() === '') problems.push('title: missing');
  if (typeof dashboard.uid !== 'string' || !UID_PATTERN.test(dashboard.uid))
    problems.push(`uid: ${JSON.stringify(dashboard.uid)} is not 1-40 letters, digits, '-' or '_'`);
  if (!Number.isInteger(dashboard.schemaVersion) || (dashboard.schemaVersion as number) < MIN_SCHEMA_VERSION)
    problems.push(
      `schemaVersion: ${JSON.stringify(dashboard.schemaVersion)} is not an integer ≥ ${MIN_SCHEMA_VERSION}`,
    );
  if (!Array.isArray(dashboard.panels) || dashboard.panels.length === 0) {
    problems.push('panels: missing or empty');
    return problems;
  }

  const variables = templatingProblems(dashboard, problems);
  // A collapsed row carries its panels inside it; they are laid out the same way.
  const panels = (dashboard.panels as Panel[]).flatMap((panel) => [panel, ...(panel.panels ?? [])]);
  const seenIds = new Set<unknown>();
  const placed: Array<{ name: string; pos: GridPos }> = [];
  for (const panel of panels) {
    const name = `panel ${JSON.stringify(panel.id)} (${JSON.stringify(panel.title)})`;
    if (!Number.isInteger(panel.id) || (panel.id as number) < 1)
      problems.push(`${name}: id is not a positive integer`);
    else if (seenIds.has(panel.id)) problems.push(`${name}: id used by another panel`);
    seenIds.add(panel.id);
    if (typeof panel.title !== 'string') problems.push(`${name}: no title`);
    if (typeof panel.type !== 'string' || !GRAFANA_PANEL_TYPES.has(panel.type))
      problems.push(`${name}: type ${JSON.stringify(panel.type)} is not a panel Grafana ships`);

    const pos = panel.gridPos;
    if (!pos || !(['x', 'y', 'w', 'h'] as const).every((key) => Number.isInteger(pos[key]))) {
      problems.push(`${name}: gridPos needs integer x, y, w and h`);
    } else {
      const grid = pos as GridPos;
      if (grid.x < 0 || grid.y < 0 || grid.w < 1 || grid.h < 1 || grid.x + grid.w > GRID_COLUMNS)
        problems.push(`${name}: gridPos ${JSON.stringify(grid)} is outside the ${GRID_COLUMNS}-column grid`);
      for (const other of placed)
        if (overlap(grid, other.pos)) problems.push(`${name}: gridPos overlaps ${other.name}`);
      placed.push({ name, pos: grid });
    }

    if (panel.type === 'row') continue;
    problems.push(...variableProblems(name, JSON.stringify(panel.title ?? ''), variables));
    if (
      !panel.datasource ||
      typeof panel.datasource.uid !== 'string' ||
      typeof panel.datasource.type !== 'string'
    ) {
      problems.push(`${name}: no datasource {type, uid}`);
    } else {
      problems.push(...variableProblems(`${name} datasource`, panel.datasource.uid, variables));
    }
    if (!Array.isArray(panel.targets) || panel.targets.length === 0) {
      problems.push(`${name}: no targets`);
      continue;
    }
    const refIds = new Set<unknown>();
    for (const target of panel.targets) {
      if (typeof target.refId !== 'string' || target.refId === '')
        problems.push(`${name}: a target has no refId`);
      else if (refIds.has(target.refId)) problems.push(`${name}: refId ${target.refId} used twice`);
      refIds.add(target.refId);
      if (typeof target.expr !== 'string' || target.expr.trim() === '')
        problems.push(`${name}: target ${String(target.refId)} has no expr`);
      else
        problems.push(...variableProblems(`${name} target ${String(target.refId)}`, target.expr, variables));
    }
  }
  return problems;
}

function templatingProblems(dashboard: Dashboard, problems: string[]): Set<string> {
  const names = new Set<string>();
  for (const variable of dashboard.templating?.list ?? []) {
    const label = `templating variable ${JSON.stringify(variable.name)}`;
    if (typeof variable.name !== 'string' || !/^\w+$/.test(variable.name)) {
      problems.push(`${label}: name is not a word`);
      continue;
    }
    if (names.has(variable.name)) problems.push(`${label}: defined twice`);
    names.add(variable.name);
    if (typeof variable.type !== 'string' || !VARIABLE_TYPES.has(variable.type))
      problems.push(`${label}: type ${JSON.stringify(variable.type)} is not a Grafana variable type`);
  }
  // A variable may use the ones defined before it (a query variable's data source, say).
  for (const variable of dashboard.templating?.list ?? [])
    problems.push(
      ...variableProblems(
        `templating variable ${JSON.stringify(variable.name)}`,
        JSON.stringify(variable),
        names,
      ),
    );
  return names;
}

// `$name`, `${name}`, `${name:format}` and the old `[[name]]`.
function variableProblems(where: string, text: string, defined: Set<string>): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g)) {
    const name = match[1] ?? match[2] ?? match[3]!;
    if (!defined.has(name) && !BUILT_IN_VARIABLES.has(name))
      problems.push(`${where}: uses ${match[0]}, which no templating variable defines`);
  }
  return problems;
}

function overlap(a: GridPos, b: GridPos): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
