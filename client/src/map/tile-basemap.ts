import type { ClientConfig } from '../api/config.api';
import { L } from './leaflet-setup';

/**
 * The optional raster basemap named by `GET /api/config`. A tile that fails to load is
 * hidden, so the offline vector basemap underneath shows through instead of a hole.
 */
export function createTileBasemap(config: ClientConfig): L.TileLayer | null {
  if (typeof config.tileUrl !== 'string' || config.tileUrl.length === 0) return null;
  const layer = L.tileLayer(config.tileUrl, {
    attribution: config.tileAttribution ?? '',
    maxZoom: 19,
    crossOrigin: false,
    className: 'tile-basemap',
  });
  layer.on('tileerror', (event: L.TileErrorEvent) => {
    event.tile.style.visibility = 'hidden';
  });
  return layer;
}
