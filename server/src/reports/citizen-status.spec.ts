import { citizenStatus } from './citizen-status';

const answer = { text: 'A crew is on its way', by: 'dispatcher', at: 1 };

describe('citizenStatus', () => {
  it.each([
    ['open', null, 'received'],
    ['acknowledged', null, 'in_progress'],
    ['dispatched', null, 'in_progress'],
    ['resolved', null, 'in_progress'],
    ['closed', null, 'closed'],
    ['open', answer, 'answered'],
    ['dispatched', answer, 'answered'],
    ['resolved', answer, 'answered'],
    ['closed', answer, 'closed'],
  ] as const)('%s with answer %p is %s', (status, withAnswer, expected) => {
    expect(citizenStatus({ status, answer: withAnswer })).toBe(expected);
  });
});
