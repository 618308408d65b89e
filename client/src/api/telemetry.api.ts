import { apiRoutes, TelemetryPointSchema, type Metric, type TelemetryPoint } from '@ioc/shared';
import { requestJson } from './http-client';
import { parseEach } from './parse';

export interface TelemetryRange {
  metric: Metric;
  from: Date;
  to: Date;
}

export async function fetchTelemetry(
  deviceId: string,
  range: TelemetryRange,
  signal?: AbortSignal,
): Promise<TelemetryPoint[]> {
  const query = new URLSearchParams({
    metric: range.metric,
    from: range.from.toISOString(),
    to: range.to.toISOString(),
  });
  const body = await requestJson(apiRoutes.telemetry(deviceId, query), { signal });
  return parseEach(TelemetryPointSchema, body, 'reading');
}
