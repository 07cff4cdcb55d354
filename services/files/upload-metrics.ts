import { Histogram, type Registry } from 'prom-client';

export const UPLOAD_CONFIRMATION_METRIC = 'streamhub_upload_confirmation_seconds';

/**
 * How long an upload takes from its creation (POST /v1/uploads) to the file
 * being ready: the client's transfer, `complete`, the workflow's checks and
 * the commit. Observed once per version, where the commit succeeds.
 */
export class UploadMetrics {
  private readonly confirmation: Histogram;

  constructor(registry: Registry) {
    this.confirmation =
      (registry.getSingleMetric(UPLOAD_CONFIRMATION_METRIC) as Histogram | undefined) ??
      new Histogram({
        name: UPLOAD_CONFIRMATION_METRIC,
        help: 'Seconds from an upload being created to its file version being ready.',
        buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 3600],
        registers: [registry],
      });
  }

  observeReady(createdAt: Date, readyAt: Date = new Date()): void {
    this.confirmation.observe(Math.max(0, (readyAt.getTime() - createdAt.getTime()) / 1000));
  }
}
