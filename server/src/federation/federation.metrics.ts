import { Injectable } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { MetricsService } from '../metrics/metrics.service';

/** Federation's metrics (docs/federation.md), in the hub's one registry. */
@Injectable()
export class FederationMetrics {
  readonly forwarded: Counter;
  readonly pending: Gauge;
  readonly linkUp: Gauge;
  readonly applied: Counter<'district'>;
  readonly stale: Counter<'district'>;

  constructor(metrics: MetricsService) {
    const registers = [metrics.registry];
    this.forwarded = new Counter({
      name: 'ioc_federation_forwarded_total',
      help: 'District: incident states the province acknowledged',
      registers,
    });
    this.pending = new Gauge({
      name: 'ioc_federation_pending',
      help: 'District: incident changes in the outbox, not yet acknowledged by the province',
      registers,
    });
    this.linkUp = new Gauge({
      name: 'ioc_federation_link_up',
      help: 'District: 1 while connected to the province broker',
      registers,
    });
    this.applied = new Counter({
      name: 'ioc_federation_applied_total',
      help: 'Province: district incident states stored, by district',
      labelNames: ['district'] as const,
      registers,
    });
    this.stale = new Counter({
      name: 'ioc_federation_stale_total',
      help: 'Province: district incident states ignored as not newer (replays), by district',
      labelNames: ['district'] as const,
      registers,
    });
  }
}
