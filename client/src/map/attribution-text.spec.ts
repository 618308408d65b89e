import { describe, expect, it } from '@jest/globals';
import { htmlToText } from './attribution-text';

describe('htmlToText', () => {
  it('keeps the words of an HTML attribution and drops the markup', () => {
    expect(
      htmlToText('&copy; <a href="https://osm.org/copyright">OpenStreetMap</a> contributors'),
    ).toBe('© OpenStreetMap contributors');
    expect(htmlToText('Tiles <img src=x onerror=alert(1)>&#169; &#x41;&amp;B &bogus;')).toBe(
      'Tiles © A&B &bogus;',
    );
  });
});
