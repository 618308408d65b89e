import { LoginThrottle } from './login-throttle';

const config = {
  loginFailuresPerMinute: 5,
  login: { failuresPerAddress: 8, accountFailures: 3 },
};

describe('LoginThrottle (docs/security.md)', () => {
  it('refuses a username from one address after its failures, not from another', async () => {
    const throttle = new LoginThrottle({
      ...config,
      login: { ...config.login, accountFailures: 100 },
    });
    for (let i = 0; i < 5; i++) await throttle.failed('user', '10.0.0.9');
    expect(await throttle.check('USER', '10.0.0.9')).toMatchObject({ scope: 'username' });
    expect(await throttle.check('user', '10.0.0.10')).toBeNull();
  });

  it('refuses an address spraying usernames, whatever the username', async () => {
    const throttle = new LoginThrottle(config);
    for (let i = 0; i < 8; i++) await throttle.failed(`sprayed-${i}`, '10.0.0.1');
    expect(await throttle.check('someone-else', '10.0.0.1')).toMatchObject({ scope: 'address' });
    expect(await throttle.check('someone-else', '10.0.0.2')).toBeNull();
  });

  it('backs an account off after failures from many addresses, except where it signed in', async () => {
    const throttle = new LoginThrottle(config);
    await throttle.succeeded('owner', '10.1.0.1');
    for (const address of ['10.2.0.1', '10.2.0.2', '10.2.0.3'])
      await throttle.failed('Owner', address);
    const refused = await throttle.check('owner', '10.2.0.4');
    expect(refused).toMatchObject({ scope: 'account' });
    expect(refused?.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(await throttle.check('owner', '10.1.0.1')).toBeNull();
    await throttle.succeeded('owner', '10.1.0.1');
    expect(await throttle.check('owner', '10.2.0.4')).toBeNull();
  });

  it('doubles the back-off with every further failure, up to 15 minutes', async () => {
    const throttle = new LoginThrottle({
      ...config,
      login: { ...config.login, failuresPerAddress: 1000 },
    });
    const waits: number[] = [];
    for (let i = 0; i < 14; i++) {
      await throttle.failed('victim', `10.3.0.${i}`);
      waits.push((await throttle.check('victim', '10.9.9.9'))?.retryAfterSeconds ?? 0);
    }
    expect(waits.slice(0, 2)).toEqual([0, 0]);
    expect(waits.slice(2, 6)).toEqual([1, 2, 4, 8]);
    expect(waits.at(-1)).toBe(900);
  });
});
