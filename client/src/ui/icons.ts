/*
 * A few line icons as inline SVG built with createElementNS (no icon font, no emoji
 * font needed on the operations-room machines). Paths are constants, never data.
 */
const SVG = 'http://www.w3.org/2000/svg';

const PATHS = {
  bell: ['M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  bellOff: [
    'M8.7 3A6 6 0 0 1 18 8c0 3 .6 5.2 1.3 6.7',
    'M17 17H3s3-2 3-9c0-.8.1-1.5.4-2.2',
    'M10.3 21a1.94 1.94 0 0 0 3.4 0',
    'M2 2l20 20',
  ],
  alert: [
    'M10.3 3.9L1.8 18a2 2 0 0 0 1.7 3h17a2 2 0 0 0 1.7-3L13.7 3.9a2 2 0 0 0-3.4 0z',
    'M12 9v4',
    'M12 17h.01',
  ],
  close: ['M18 6L6 18', 'M6 6l12 12'],
} as const;

export type IconName = keyof typeof PATHS;

export function icon(name: IconName, className = 'icon'): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('class', className);
  for (const d of PATHS[name]) {
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}
