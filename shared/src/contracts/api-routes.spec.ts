import { ApiPath, ApiPrefix, apiRoutes } from './api-routes';

describe('apiRoutes', () => {
  it('builds the routes of docs/contract.md §7', () => {
    expect(apiRoutes.login()).toBe('/api/auth/login');
    expect(apiRoutes.incidents()).toBe('/api/incidents');
    expect(apiRoutes.incident('inc-1')).toBe('/api/incidents/inc-1');
    expect(apiRoutes.transition('inc-1', 'acknowledge')).toBe('/api/incidents/inc-1/acknowledge');
    expect(apiRoutes.notes('inc-1')).toBe('/api/incidents/inc-1/notes');
    expect(apiRoutes.cap('inc-1')).toBe('/api/incidents/inc-1/cap');
    expect(apiRoutes.rejections()).toBe('/api/ingest/rejections');
    expect(apiRoutes.user('ops.1')).toBe('/api/users/ops.1');
    expect(apiRoutes.metrics()).toBe('/metrics');
  });

  it('encodes parameters and appends a query only when it has something', () => {
    expect(apiRoutes.incident('a/b c')).toBe('/api/incidents/a%2Fb%20c');
    expect(apiRoutes.incidents(new URLSearchParams())).toBe('/api/incidents');
    expect(apiRoutes.telemetry('aq-07', new URLSearchParams({ metric: 'pm25' }))).toBe(
      '/api/devices/aq-07/telemetry?metric=pm25',
    );
  });

  it('fills the same templates the hub registers', () => {
    expect(`/${ApiPrefix.incidents}/${ApiPath.transition('resolve')}`).toBe(
      '/api/incidents/:id/resolve',
    );
    expect(apiRoutes.transition(':id', 'resolve')).toBe('/api/incidents/%3Aid/resolve');
  });
});
