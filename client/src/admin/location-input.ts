/** A location from two number inputs; NaN when empty, which the hub refuses with a 400. */
export function readLocation(
  lat: HTMLInputElement,
  lon: HTMLInputElement,
): { lat: number; lon: number } {
  const number = (field: HTMLInputElement): number =>
    field.value.trim() === '' ? Number.NaN : Number(field.value);
  return { lat: number(lat), lon: number(lon) };
}
