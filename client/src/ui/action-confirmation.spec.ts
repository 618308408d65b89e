import { describe, expect, it } from '@jest/globals';
import { needsConfirmation } from './action-confirmation';

describe('action confirmation', () => {
  it('asks before resolving or closing a high or critical incident', () => {
    const resolve = { action: 'resolve', version: 3, resolution: 'handled' } as const;
    const close = { action: 'close', version: 4 } as const;
    expect(needsConfirmation(resolve, 'critical')).toBe(true);
    expect(needsConfirmation(resolve, 'high')).toBe(true);
    expect(needsConfirmation(close, 'critical')).toBe(true);
    expect(needsConfirmation(resolve, 'medium')).toBe(false);
    expect(needsConfirmation(close, 'low')).toBe(false);
  });

  it('never asks for acknowledge, dispatch or unit changes', () => {
    expect(needsConfirmation({ action: 'acknowledge', version: 1 }, 'critical')).toBe(false);
    expect(
      needsConfirmation({ action: 'dispatch', version: 2, unitId: 'fire-dalat' }, 'critical'),
    ).toBe(false);
    expect(
      needsConfirmation({ action: 'releaseUnit', version: 3, unitId: 'fire-dalat' }, 'critical'),
    ).toBe(false);
  });
});
