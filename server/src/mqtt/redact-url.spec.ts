import { redactUrl } from './redact-url';

describe('redactUrl', () => {
  it('hides the user and password of a broker URL', () => {
    expect(redactUrl('mqtts://hub:s3cret@broker.example:8883')).toBe(
      'mqtts://***@broker.example:8883',
    );
    expect(redactUrl('mqtt://:s3cret@10.0.0.5')).not.toContain('s3cret');
  });

  it('leaves a URL without credentials as it is', () => {
    expect(redactUrl('mqtt://127.0.0.1:1883')).toBe('mqtt://127.0.0.1:1883');
  });
});
