// `cluster tilt-image REF`: the image build Tilt runs for the local node
// (the Tiltfile's `image_builder: buildah` setting, a custom_build). Tilt
// passes the reference it expects ($EXPECTED_REF, in the cluster's registry);
// this builds the Dockerfile's `dev` stage from the work tree, as
// docker_build would (.dockerignore applies), on the locally made base, and
// pushes it there. No Docker daemon is involved.
import { buildAppImage, ensureBaseImage, ensureImageTools, pushToLocalRegistry } from './app-image';
import type { ClusterLayout } from './layout';
import { REGISTRY_HOST } from './registry';

export async function buildTiltImage(layout: ClusterLayout, repoRoot: string, ref: string): Promise<void> {
  if (!ref.startsWith(`${REGISTRY_HOST}/`))
    throw new Error(
      `Tilt asked for ${JSON.stringify(ref)}, outside the cluster's registry ${REGISTRY_HOST}: ` +
        'is the cluster up (it publishes kube-public/local-registry-hosting) and default_registry empty?',
    );
  await ensureImageTools();
  await ensureBaseImage(layout);
  await buildAppImage(layout, repoRoot, 'dev', { tag: ref });
  await pushToLocalRegistry(layout, ref);
}
