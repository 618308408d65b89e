import { describe, expect, it, jest } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { incidentFacts } from './panel-sections';

const none = (): undefined => undefined;

describe('the sources of an incident in the panel', () => {
  const listed = Array.from({ length: 20 }, (_, i) => `cam-${i}`);
  const all = Array.from({ length: 500 }, (_, i) => `cam-${i}`);
  const incident = makeIncident({ sources: listed, sourceCount: 500 });
  const items = (element: HTMLElement): NodeListOf<HTMLLIElement> =>
    element.querySelectorAll('[data-testid="panel-sources"] li[data-status]');

  it('counts every source, lists the first, and offers the rest', () => {
    const showAll = jest.fn();
    const element = incidentFacts(incident, none, none, { all: null, showAll });
    expect(element.querySelector('h4')?.textContent).toContain('(500)');
    expect(items(element)).toHaveLength(20);
    expect(element.textContent).toContain('… and 480 more');
    element.querySelector<HTMLButtonElement>('[data-testid="panel-all-sources"]')?.click();
    expect(showAll).toHaveBeenCalledTimes(1);
  });

  it('lists every source once they are fetched', () => {
    const element = incidentFacts(incident, none, none, { all, showAll: jest.fn() });
    expect(items(element)).toHaveLength(500);
    expect(element.querySelector('[data-testid="panel-all-sources"]')).toBeNull();
    expect(element.textContent).not.toContain('more');
  });
});
