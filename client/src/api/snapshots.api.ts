import { getAccessToken } from '../state/session';
import { ApiError } from './http-client';

/**
 * An event image, fetched with the session's bearer token (the hub serves images to
 * signed-in users only, so a plain `<img src>` would get 401). Shown through a blob URL.
 */
export async function fetchSnapshotBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const token = getAccessToken();
  if (!token) throw new ApiError(401, 'not signed in');
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { Authorization: `Bearer ${token}` },
      credentials: 'omit',
      cache: 'no-store',
      signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, `cannot reach the hub: ${String(error)}`);
  }
  if (!response.ok) throw new ApiError(response.status, `${response.status} ${url}`);
  return response.blob();
}
