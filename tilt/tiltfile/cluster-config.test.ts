// tilt/ctlptl.yaml (the documented path) and tilt/kind-config.yaml plus
// tilt/local-registry-hosting.yaml (the plain kind path) must describe the
// same cluster and registry, and match what the Tiltfile allows by default.
import fs from 'node:fs';
import path from 'node:path';
import { load, loadAll } from 'js-yaml';

const TILT_DIR = path.resolve(__dirname, '..');
// YAML documents: tests reach into them freely.
type Doc = any;

function read(file: string): Doc[] {
  return loadAll(fs.readFileSync(path.join(TILT_DIR, file), 'utf8')) as Doc[];
}

describe('kind cluster and local registry configuration', () => {
  const ctlptl = read('ctlptl.yaml');
  const registry = ctlptl.find((d) => d.kind === 'Registry');
  const cluster = ctlptl.find((d) => d.kind === 'Cluster');
  const [kind] = read('kind-config.yaml');
  const [hosting] = read('local-registry-hosting.yaml');

  it('declares the ctlptl registry ctlptl-registry on port 5005 and a kind cluster that uses it', () => {
    expect(registry).toMatchObject({
      apiVersion: 'ctlptl.dev/v1alpha1',
      name: 'ctlptl-registry',
      port: 5005,
    });
    expect(cluster).toMatchObject({
      apiVersion: 'ctlptl.dev/v1alpha1',
      product: 'kind',
      registry: 'ctlptl-registry',
    });
  });

  it('names the cluster so its context is kind-streamhub, which the Tiltfile allows by default', () => {
    expect(cluster.name).toBe('kind-streamhub');
    expect(`kind-${kind.name}`).toBe(cluster.name);
    const example = load(fs.readFileSync(path.join(TILT_DIR, 'settings.example.yaml'), 'utf8')) as Doc;
    expect(example.allowed_contexts).toEqual(['kind-*']);
  });

  it('runs the same pinned Kubernetes 1.34 node image on both paths', () => {
    const image = cluster.kindV1Alpha4Cluster.nodes[0].image as string;
    expect(image).toMatch(/^kindest\/node:v1\.34\.\d+@sha256:[0-9a-f]{64}$/);
    expect(kind.nodes[0].image).toBe(image);
  });

  it('points the plain kind path at the same registry port and tells Tilt about it', () => {
    expect(kind.containerdConfigPatches.join('\n')).toContain('config_path = "/etc/containerd/certs.d"');
    expect(hosting.metadata).toEqual({ name: 'local-registry-hosting', namespace: 'kube-public' });
    expect(load(hosting.data['localRegistryHosting.v1'])).toMatchObject({
      host: `localhost:${registry.port}`,
    });
  });
});
