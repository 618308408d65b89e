import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  it('writes at most `limit` lines per window and reports what it held back', () => {
    let now = 0;
    const lines: string[] = [];
    const throttle = new LogThrottle(
      2,
      1000,
      (line) => lines.push(line),
      () => now,
    );
    for (let i = 0; i < 1000; i++) throttle.log(`failure ${i}`);
    expect(lines).toEqual(['failure 0', 'failure 1']);
    now = 1000;
    throttle.log('failure 1000');
    expect(lines).toEqual([
      'failure 0',
      'failure 1',
      'failure 1000 (998 similar lines suppressed)',
    ]);
  });
});
