// The Tiltfile's early failures: before building or deploying anything it
// refuses a cluster that is not a local kind one and names every missing tool
// with how to install it.
import { evaluateTiltfile } from './testing/evaluate-tiltfile';

describe('Tiltfile preflight checks', () => {
  it('names docker with an install hint when it is not on PATH', async () => {
    const result = await evaluateTiltfile({ withoutTools: ['docker'] });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain('The StreamHub dev loop needs tools that are not on PATH');
    expect(result.stderr).toContain('- docker: builds the StreamHub image. Install Docker Engine');
    expect(result.stderr).toContain('docs/kubernetes-dev.md');
    expect(result.stderr).not.toContain('- kubectl');
  });

  it("with image_builder: buildah, asks for node (the build runs the project's CLI) instead of docker", async () => {
    const result = await evaluateTiltfile({
      context: 'streamhub-local',
      withoutTools: ['docker', 'node'],
      settings: { allowed_contexts: ['streamhub-local'], image_builder: 'buildah' },
    });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain("- node: runs the project's buildah image build");
    expect(result.stderr).not.toContain('- docker');
  });

  it('lists every missing tool at once: helm, kubectl and a kind cluster manager', async () => {
    const result = await evaluateTiltfile({ withoutHelm: true, withoutTools: ['kubectl', 'kind'] });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain('- helm: renders charts/streamhub. Install Helm 3.21');
    expect(result.stderr).toContain('- kubectl:');
    expect(result.stderr).toContain('- ctlptl or kind: creates and deletes the local kind cluster');
  });

  it('fails before rendering the chart when helm is missing, so the hint is the first error', async () => {
    const result = await evaluateTiltfile({ withoutHelm: true });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toMatch(/Error in fail: The StreamHub dev loop needs tools/);
    expect(result.stderr).not.toMatch(/helm template/);
  });

  it('does not ask for kind when the allowed context is not a kind cluster', async () => {
    const result = await evaluateTiltfile({
      context: 'docker-desktop',
      withoutTools: ['kind'],
      settings: { allowed_contexts: ['kind-*', 'docker-desktop'] },
    });
    expect(result.stderr).not.toContain('ctlptl or kind');
    expect(result.exitCode).toBe(0);
  });

  it('refuses a context outside allowed_contexts and says how to get the kind cluster', async () => {
    const result = await evaluateTiltfile({ context: 'gke_prod_europe-west1_main' });
    expect(result.exitCode).toBe(5);
    expect(result.stderr).toContain(
      'Kubernetes context "gke_prod_europe-west1_main" is not one the dev loop deploys to (allowed: kind-*)',
    );
    expect(result.stderr).toContain('ctlptl apply -f tilt/ctlptl.yaml');
    expect(result.stderr).toContain('allowed_contexts in tilt/settings.yaml');
  });
});
