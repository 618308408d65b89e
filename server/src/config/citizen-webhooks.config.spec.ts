import { ConfigError, loadConfig } from './app.config';

const KEYS = 'dalat-app:dalat-app-key-0123456789,kiosk:kiosk-key-abcdefghijklmn';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('citizen webhook settings', () => {
  it('reads each app webhook, the deadline and the back-off cap', () => {
    const config = loadConfig({
      CITIZEN_API_KEYS: KEYS,
      CITIZEN_WEBHOOKS:
        'dalat-app:https://app.example.org/hooks/ioc?v=1,kiosk:http://10.0.0.5:8080/h',
      CITIZEN_WEBHOOK_DEADLINE_HOURS: '0.5',
      CITIZEN_WEBHOOK_BACKOFF_MAX_SECONDS: '60',
    });
    expect(config.citizen).toMatchObject({
      webhooks: [
        { appId: 'dalat-app', url: 'https://app.example.org/hooks/ioc?v=1' },
        { appId: 'kiosk', url: 'http://10.0.0.5:8080/h' },
      ],
      webhookDeadlineMs: 1_800_000,
      webhookBackoffMaxMs: 60_000,
    });
  });

  it('defaults to no webhook, a day and five minutes', () => {
    expect(loadConfig({}).citizen).toMatchObject({
      webhooks: [],
      webhookDeadlineMs: 86_400_000,
      webhookBackoffMaxMs: 300_000,
    });
  });

  it('names a webhook of an app that has no key (the key signs its notifications)', () => {
    expect(
      problems({ CITIZEN_API_KEYS: KEYS, CITIZEN_WEBHOOKS: 'ghost:https://x.example.org/h' }),
    ).toEqual([expect.stringMatching(/^CITIZEN_WEBHOOKS names ghost/)]);
  });

  it('refuses a URL that is not http(s), and a deadline that is not positive', () => {
    expect(
      problems({ CITIZEN_API_KEYS: KEYS, CITIZEN_WEBHOOKS: 'dalat-app:ftp://x.example.org/h' }),
    ).toEqual([expect.stringMatching(/^CITIZEN_WEBHOOKS must be id:url pairs/)]);
    expect(problems({ CITIZEN_WEBHOOK_DEADLINE_HOURS: '0' })).toEqual([
      expect.stringMatching(/^CITIZEN_WEBHOOK_DEADLINE_HOURS/),
    ]);
  });
});
