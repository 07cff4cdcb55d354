// The Tiltfile as `tilt up` loads it (tilt alpha tiltfile-result with the
// real Tilt and helm): what it builds, deploys, groups, forwards and
// live-updates. Pods cannot run here, so this stops where a cluster would start.
import { loadAll } from 'js-yaml';
import type { KubeObject } from '../../charts/streamhub/tests/support/objects';
import { evaluateTiltfile, manifest, manifestNames, type TiltfileResult } from './testing/evaluate-tiltfile';

const INFRA = ['postgres', 'redis', 'kafka', 'minio', 'temporal'];
const SPLIT_TARGETS = [
  'gateway',
  'auth',
  'billing',
  'files',
  'storage',
  'admin',
  'chat',
  'notifications',
  'ingest',
  'worker',
];

function deployedObjects(result: TiltfileResult, resource: string): KubeObject[] {
  const yaml = manifest(result, resource).DeployTarget.yaml as string;
  return (loadAll(yaml) as (KubeObject | null)[]).filter((o): o is KubeObject => Boolean(o));
}

function forwards(result: TiltfileResult, resource: string): { localPort: number; containerPort: number }[] {
  return manifest(result, resource).DeployTarget.portForwardTemplateSpec?.forwards ?? [];
}

describe('Tiltfile (default settings)', () => {
  let result: TiltfileResult;
  beforeAll(async () => {
    result = await evaluateTiltfile();
  });

  it('evaluates without errors', () => {
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.exitCode).toBe(0);
    expect(result.json?.Error).toBeFalsy();
  });

  it('builds the one image from the Dockerfile dev stage, with only the build inputs as context', () => {
    const image = manifest(result, 'all').ImageTargets[0];
    expect(image.selector).toBe('streamhub');
    expect(image.BuildDetails.target).toBe('dev');
    expect(image.BuildDetails.dockerfileContents).toMatch(/^FROM build AS dev$/m);
    const only = image.BuildDetails.contextIgnores.find((ignore: { patterns?: string[] }) =>
      ignore.patterns?.includes('!services'),
    );
    expect(only.patterns).toEqual(
      expect.arrayContaining(['!package-lock.json', '!services', '!workflows', '!migrations', '!proto/gen']),
    );
  });

  it('deploys the real chart in mode all: one all-in-one Deployment plus the operator, on the built image', () => {
    const all = deployedObjects(result, 'all').find((o) => o.kind === 'Deployment');
    expect(all?.metadata.name).toBe('streamhub-all');
    expect(all?.metadata.namespace).toBe('streamhub');
    expect(all?.spec.template.spec.containers[0].image).toMatch(/^streamhub(:|$)/);
    expect(manifest(result, 'all').DeployTarget.imageMaps).toEqual(['streamhub']);
    expect(manifest(result, 'operator').DeployTarget.imageMaps).toEqual(['streamhub']);
    expect(manifest(result, 'migrations').DeployTarget.imageMaps).toEqual(['streamhub']);
    expect(manifestNames(result)).not.toContain('gateway');
  });

  it('creates the namespace and ships the CRDs, the platform and the plans from the chart', () => {
    expect(deployedObjects(result, 'namespace').map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Namespace/streamhub',
    ]);
    expect(
      deployedObjects(result, 'crds')
        .map((o) => o.metadata.name)
        .sort(),
    ).toEqual(['plans.streamhub.io', 'streamhubplatforms.streamhub.io']);
    const kinds = deployedObjects(result, 'platform').map((o) => o.kind);
    expect(kinds).toContain('StreamHubPlatform');
    expect(kinds).toContain('Plan');
  });

  it('leaves nothing uncategorized: every rendered object belongs to a named resource', () => {
    expect(manifestNames(result)).not.toContain('uncategorized');
    const config = deployedObjects(result, 'release-config').map((o) => o.kind);
    expect(config).toEqual(
      expect.arrayContaining(['ConfigMap', 'Secret', 'ServiceAccount', 'NetworkPolicy']),
    );
  });

  it('deploys no uninstall hook: the release-cleanup Job and its RBAC are left to helm uninstall', () => {
    const everything = manifestNames(result).flatMap((name) =>
      manifest(result, name).DeployTarget?.yaml ? deployedObjects(result, name) : [],
    );
    const hooks = everything.map((o) => o.metadata.annotations?.['helm.sh/hook']).filter(Boolean);
    expect(hooks.length).toBeGreaterThan(0); // the migrations Job's install/upgrade hook stays
    expect(hooks.filter((hook) => /delete/.test(hook as string))).toEqual([]);
    expect(everything.filter((o) => o.metadata.name.includes('release-cleanup'))).toEqual([]);
  });

  it('keeps the CRDs, the platform and the Plans on tilt down (the operator would be gone before their finalizers ran)', () => {
    const kept = (resource: string) =>
      deployedObjects(result, resource).map((o) => [
        o.kind,
        o.metadata.annotations?.['tilt.dev/down-policy'],
      ]);
    expect(kept('crds')).toEqual([
      ['CustomResourceDefinition', 'keep'],
      ['CustomResourceDefinition', 'keep'],
    ]);
    for (const [kind, policy] of kept('platform')) expect([kind, policy]).toEqual([kind, 'keep']);
    const all = deployedObjects(result, 'all').find((o) => o.kind === 'Deployment');
    expect(all?.metadata.annotations?.['tilt.dev/down-policy']).toBeUndefined();
  });

  it('groups resources by label: infra servers, the app, the operator and host checks', () => {
    const labels = (name: string) => Object.keys(manifest(result, name).Labels ?? {});
    for (const server of INFRA) expect(labels(server)).toEqual(['infra']);
    expect(labels('all')).toEqual(['app']);
    expect(labels('migrations')).toEqual(['app']);
    expect(labels('operator')).toEqual(['operator']);
    expect(labels('crds')).toEqual(['operator']);
    expect(labels('platform')).toEqual(['operator']);
    expect(labels('typecheck')).toEqual(['checks']);
  });

  it('starts the app after the servers and the migrations, and the custom resources after the operator', () => {
    const deps = (name: string) => manifest(result, name).ResourceDependencies as string[];
    expect(deps('all')).toEqual(expect.arrayContaining([...INFRA, 'migrations', 'release-config']));
    expect(deps('migrations')).toEqual(expect.arrayContaining(INFRA));
    expect(deps('operator')).toEqual(expect.arrayContaining(['crds', ...INFRA]));
    expect(deps('platform')).toEqual(expect.arrayContaining(['crds', 'operator']));
  });

  it('runs the migrations Job once, then only when triggered by hand', () => {
    // Tilt's TriggerModeManualWithAutoInit.
    expect(manifest(result, 'migrations').TriggerMode).toBe(1);
    expect(manifest(result, 'all').TriggerMode).toBe(0);
  });

  it('forwards the gateway to 8080, the Temporal UI to 8233 and the MinIO console to 9001', () => {
    expect(forwards(result, 'all')).toEqual([
      expect.objectContaining({ localPort: 8080, containerPort: 8080 }),
    ]);
    expect(forwards(result, 'temporal')).toEqual([
      expect.objectContaining({ localPort: 8233, containerPort: 8233 }),
    ]);
    expect(forwards(result, 'minio')).toEqual([
      expect.objectContaining({ localPort: 9001, containerPort: 9001 }),
    ]);
  });

  it('live-updates sources into /app, transpiles them and restarts node, rebuilding only for dependency changes', () => {
    const spec = manifest(result, 'all').ImageTargets[0].LiveUpdateSpec;
    expect(spec.syncs).toEqual([
      { localPath: 'services', containerPath: '/app/services' },
      { localPath: 'workflows', containerPath: '/app/workflows' },
      { localPath: 'migrations', containerPath: '/app/migrations' },
      { localPath: 'proto/gen', containerPath: '/app/proto/gen' },
    ]);
    expect(spec.execs).toHaveLength(1);
    expect(spec.execs[0].args.join(' ')).toContain(
      'node dist/tilt/tiltfile/image/transpile.js && touch dist/.restart',
    );
    expect(spec.stopPaths).toEqual([
      'package.json',
      'package-lock.json',
      'tsconfig.json',
      'tilt/tiltfile/image',
    ]);
  });

  it('type-checks on the host when sources change', () => {
    const typecheck = manifest(result, 'typecheck').DeployTarget;
    expect(typecheck.UpdateCmdSpec.args).toEqual(['sh', '-c', 'npx tsc -p tsconfig.json --noEmit']);
    expect(typecheck.Deps).toEqual(expect.arrayContaining([expect.stringMatching(/\/services$/)]));
  });
});

describe('Tiltfile settings', () => {
  it('split: true deploys one Deployment per target, the gateway carrying the API port forward', async () => {
    const result = await evaluateTiltfile({ settings: { split: true } });
    expect(result.exitCode).toBe(0);
    const names = manifestNames(result);
    for (const target of SPLIT_TARGETS) expect(names).toContain(target);
    expect(names).not.toContain('all');
    expect(forwards(result, 'gateway')).toEqual([expect.objectContaining({ localPort: 8080 })]);
    expect(forwards(result, 'auth')).toEqual([]);
    for (const target of SPLIT_TARGETS) expect(Object.keys(manifest(result, target).Labels)).toEqual(['app']);
  });

  it('moves the namespace, the forwarded ports and turns off live update and the MinIO console forward', async () => {
    const result = await evaluateTiltfile({
      settings: {
        namespace: 'sh-dev',
        live_update: false,
        typecheck: false,
        ports: { gateway: 18080, temporal_ui: 18233, minio_console: 0 },
      },
    });
    expect(result.exitCode).toBe(0);
    expect(deployedObjects(result, 'all').every((o) => o.metadata.namespace === 'sh-dev')).toBe(true);
    expect(forwards(result, 'all')).toEqual([
      expect.objectContaining({ localPort: 18080, containerPort: 8080 }),
    ]);
    expect(forwards(result, 'temporal')).toEqual([expect.objectContaining({ localPort: 18233 })]);
    expect(forwards(result, 'minio')).toEqual([]);
    expect(manifest(result, 'all').ImageTargets[0].LiveUpdateSpec.syncs ?? []).toEqual([]);
    expect(manifestNames(result)).not.toContain('typecheck');
  });

  it('passes extra helm --set values to the chart', async () => {
    const result = await evaluateTiltfile({ settings: { set: ['config.logLevel=trace'] } });
    expect(result.exitCode).toBe(0);
    const configMap = deployedObjects(result, 'release-config').find((o) => o.kind === 'ConfigMap');
    expect(configMap?.data.LOG_LEVEL).toBe('trace');
  });

  it("image_builder: buildah builds the same image with the project's CLI, pushed by it, without docker", async () => {
    const result = await evaluateTiltfile({
      context: 'streamhub-local',
      withoutTools: ['docker', 'kind'],
      settings: { allowed_contexts: ['streamhub-local'], image_builder: 'buildah' },
    });
    expect(result.stderr).not.toMatch(/Error/);
    expect(result.exitCode).toBe(0);
    const image = manifest(result, 'all').ImageTargets[0];
    expect(image.selector).toBe('streamhub');
    expect(image.BuildDetails.args).toEqual([
      'sh',
      '-c',
      'node dist/tilt/local/cli.js cluster tilt-image $EXPECTED_REF',
    ]);
    // skips_local_docker: the command pushes; Tilt neither loads nor pushes it.
    expect(image.BuildDetails.outputMode).toBe('remote');
    expect(image.BuildDetails.Deps).toEqual(
      expect.arrayContaining([expect.stringMatching(/\/Dockerfile$/), expect.stringMatching(/\/services$/)]),
    );
    // Live update is the same as with docker_build.
    expect(image.LiveUpdateSpec.syncs).toContainEqual({
      localPath: 'services',
      containerPath: '/app/services',
    });
  });

  it('refuses an image_builder it does not know', async () => {
    const result = await evaluateTiltfile({ settings: { image_builder: 'kaniko' } });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain('"image_builder" must be one of docker, buildah, got "kaniko"');
  });

  it('refuses an unknown or mistyped setting, naming the key and where the keys are documented', async () => {
    const result = await evaluateTiltfile({
      settings: { namespaec: 'x', split: 'yes', ports: { gatway: 1 } },
    });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain('unknown key "namespaec"');
    expect(result.stderr).toContain('"split" must be a bool, got string');
    expect(result.stderr).toContain('unknown port "ports.gatway"');
    expect(result.stderr).toContain('tilt/settings.example.yaml');
  });
});
