import { ConfigError, loadConfig } from './app.config';

const production = {
  NODE_ENV: 'production',
  JWT_SECRET: 'production-secret-0123456789',
  IOC_ADMIN_USERNAME: 'chief',
  IOC_ADMIN_PASSWORD: 'chief-password-1',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    return (error as ConfigError).problems;
  }
}

describe('device identity settings', () => {
  it('keep anonymous devices off by default', () => {
    expect(loadConfig({}).mqtt.allowAnonymous).toBe(false);
    expect(loadConfig({ MQTT_ALLOW_ANONYMOUS: 'true' }).mqtt.allowAnonymous).toBe(true);
  });

  it('refuse anonymous devices in production', () => {
    expect(problems({ ...production, MQTT_ALLOW_ANONYMOUS: 'true' })).toEqual([
      expect.stringMatching(/^MQTT_ALLOW_ANONYMOUS must not be true in production/),
    ]);
    expect(problems(production)).toEqual([]);
  });

  it('read integration accounts as user:password pairs', () => {
    const config = loadConfig({ MQTT_INTEGRATION_ACCOUNTS: 'opendata:open-data-password-0123' });
    expect(config.mqtt.integrationAccounts).toEqual([
      { id: 'opendata', key: 'open-data-password-0123' },
    ]);
    expect(problems({ MQTT_INTEGRATION_ACCOUNTS: 'opendata:short' })).toHaveLength(1);
  });

  it('want a TLS certificate and its key together, and files that exist', () => {
    expect(problems({ MQTT_TLS_CERT: __filename })).toEqual([
      expect.stringMatching(/MQTT_TLS_CERT and MQTT_TLS_KEY go together/),
    ]);
    expect(problems({ MQTT_TLS_CERT: '/no/such.pem', MQTT_TLS_KEY: __filename })).toEqual([
      expect.stringMatching(/^MQTT_TLS_CERT must name a readable file/),
    ]);
    expect(loadConfig({ MQTT_TLS_CERT: __filename, MQTT_TLS_KEY: __filename }).mqtt.tls).toEqual({
      cert: __filename,
      key: __filename,
      ca: null,
      port: 8884,
    });
  });
});
