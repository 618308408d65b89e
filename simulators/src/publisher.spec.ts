import { BrokerUnreachableError, redactUrl } from './publisher';

describe('publisher', () => {
  it('never prints a broker password', () => {
    expect(redactUrl('mqtt://ioc:s3cret@broker:1883')).toBe('mqtt://ioc:***@broker:1883');
    expect(redactUrl('mqtt://127.0.0.1:1884')).toBe('mqtt://127.0.0.1:1884');
    expect(redactUrl('not a url')).toBe('not a url');
    const error = new BrokerUnreachableError(
      'mqtts://ioc:s3cret@broker:8883',
      10_000,
      new Error('ECONNREFUSED'),
    );
    expect(error.message).toBe(
      'cannot connect to the MQTT broker at mqtts://ioc:***@broker:8883 within 10 s (ECONNREFUSED)',
    );
  });
});
