// Where the CPU went: the functions with the most self time in V8
// .cpuprofile files (what `node --cpu-prof` writes when a process exits).
import fs from 'node:fs';
import path from 'node:path';
import { ownerOfUrl } from './code-owner';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface HotFunction {
  /** "name (file:line)"; anonymous functions are "(anonymous)". */
  name: string;
  selfMs: number;
  /** Share of the busy time: every sample but (idle), (program) and (garbage collector) counts. */
  percent: number;
}

export interface ProfileSummary {
  totalMs: number;
  idleMs: number;
  busyMs: number;
  top: HotFunction[];
  /**
   * Self time by owner: each sample is charged to the innermost frame on its
   * stack whose code is a package or a project folder, so Node's own work
   * (a socket write, a buffer copy) counts for whoever asked for it.
   */
  byOwner: HotFunction[];
}

// V8's pseudo-frames: the process waiting for work, or busy outside JS.
const IDLE = '(idle)';

function label(frame: CallFrame, repoRoot?: string): string {
  const name = frame.functionName || '(anonymous)';
  if (!frame.url) return name;
  let file = frame.url.replace(/^file:\/\//, '');
  if (repoRoot && file.startsWith(repoRoot)) file = path.relative(repoRoot, file);
  // lineNumber is 0-based in the profile.
  return `${name} (${file}:${frame.lineNumber + 1})`;
}

/** A span of CLOCK_MONOTONIC in microseconds: V8 stamps samples with it, process.hrtime reads it. */
export type Window = readonly [startUs: number, endUs: number];

/** Now on the clock the profiles use (Linux: CLOCK_MONOTONIC, system-wide), in microseconds. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/**
 * Self time per function over one or more profiles; with `windows`, only the
 * samples taken inside one of them (the load, not the app's start-up). A sample's time is the
 * delta to the next sample (V8 stamps each sample with the time since the
 * previous one), so sample i is charged timeDeltas[i + 1]; the last one the
 * profile's end time minus its own stamp.
 */
export function summariseProfiles(
  profiles: readonly CpuProfile[],
  top = 15,
  repoRoot?: string,
  windows?: readonly Window[],
): ProfileSummary {
  const inWindow = (stamp: number) =>
    !windows || windows.some(([start, end]) => stamp >= start && stamp <= end);
  const selfUs = new Map<string, number>();
  const ownerUs = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((node) => [node.id, node]));
    const ownerOf = stackOwners(byId, repoRoot);
    const samples = profile.samples ?? [];
    const deltas = profile.timeDeltas ?? [];
    let stamp = profile.startTime;
    const stamps = samples.map((_, index) => (stamp += deltas[index] ?? 0));
    samples.forEach((id, index) => {
      const next = index + 1 < samples.length ? stamps[index + 1]! : profile.endTime;
      const duration = Math.max(0, next - stamps[index]!);
      const node = byId.get(id);
      if (!node || !inWindow(stamps[index]!)) return;
      const name = label(node.callFrame, repoRoot);
      totalUs += duration;
      if (node.callFrame.functionName === IDLE) idleUs += duration;
      selfUs.set(name, (selfUs.get(name) ?? 0) + duration);
      const owner = ownerOf.get(id)!;
      ownerUs.set(owner, (ownerUs.get(owner) ?? 0) + duration);
    });
  }
  const busyUs = totalUs - idleUs;
  const ranked = (times: Map<string, number>) =>
    [...times.entries()]
      .filter(([name]) => name !== IDLE)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, selfMs: us / 1000, percent: busyUs > 0 ? (100 * us) / busyUs : 0 }));
  return {
    totalMs: totalUs / 1000,
    idleMs: idleUs / 1000,
    busyMs: busyUs / 1000,
    top: ranked(selfUs),
    byOwner: ranked(ownerUs),
  };
}

// Each node's owner: its own code's, else its caller's (Node's internals
// charge whoever called them); V8's pseudo-frames ((idle), (garbage
// collector), (program)) and a stack with no owned frame keep their names.
function stackOwners(byId: ReadonlyMap<number, ProfileNode>, repoRoot?: string): Map<number, string> {
  const owners = new Map<number, string>();
  const visit = (node: ProfileNode, inherited: string) => {
    const own = ownerOfUrl(node.callFrame.url, repoRoot);
    const pseudo = !node.callFrame.url && PSEUDO_FRAMES.has(node.callFrame.functionName);
    const owner = own ?? (pseudo ? node.callFrame.functionName : inherited);
    owners.set(node.id, owner);
    for (const child of node.children ?? []) visit(byId.get(child)!, owner);
  };
  const nodes = [...byId.values()];
  const children = new Set(nodes.flatMap((node) => node.children ?? []));
  for (const root of nodes.filter((node) => !children.has(node.id))) visit(root, NO_OWNER);
  return owners;
}

const NO_OWNER = 'node internals';
const PSEUDO_FRAMES = new Set([IDLE, '(garbage collector)', '(program)']);

/** Every .cpuprofile in the folder (one per process: the app and any workers it forked). */
export function readProfiles(dir: string): CpuProfile[] {
  return fs
    .readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CpuProfile);
}

const row = (hot: HotFunction) =>
  `  ${hot.selfMs.toFixed(0).padStart(7)}  ${hot.percent.toFixed(1).padStart(7)}  ${hot.name}`;

export function formatSummary(summary: ProfileSummary): string {
  const lines = [
    `busy ${(summary.busyMs / 1000).toFixed(1)} s of ${(summary.totalMs / 1000).toFixed(1)} s sampled (idle ${(summary.idleMs / 1000).toFixed(1)} s)`,
    `  self ms    % busy  function`,
    ...summary.top.map(row),
    `  self ms    % busy  package or project folder (Node's own work charged to its caller)`,
    ...summary.byOwner.map(row),
  ];
  return lines.join('\n');
}
