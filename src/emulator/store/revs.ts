// `_rev`: an opaque string derived from the document's version (the newest HLC timestamp
// in its merge state, regions/merge.ts versionOf), so converged replicas show the same
// `_rev` and later writes sort after earlier ones. Fixed-width base 36 keeps string
// order equal to time order; the region suffix keeps concurrent writes distinct.
//
// Encoded HLCs are fixed-width (`<12 hex>.<8 hex>.<region>`, regions/hlc.ts), so slicing
// replaces a regex per write on the bulk-insert path.
//
// A bulk insert stamps thousands of writes in the same wall millisecond: the wall part's
// base-36 form is kept from the previous call.
let lastWallHex = '';
let lastWall36 = '';

export function revOf(hlc: string): string {
  const wallHex = hlc.slice(0, 12);
  const counter = parseInt(hlc.slice(13, 21), 16);
  if (hlc[12] !== '.' || hlc[21] !== '.' || Number.isNaN(counter)) throw new Error(`not an HLC timestamp: '${hlc}'`);
  if (wallHex !== lastWallHex) {
    const wall = parseInt(wallHex, 16);
    if (Number.isNaN(wall)) throw new Error(`not an HLC timestamp: '${hlc}'`);
    lastWall36 = wall.toString(36).padStart(9, '0');
    lastWallHex = wallHex;
  }
  return `_${lastWall36}${counter.toString(36).padStart(4, '0')}~${hlc.slice(22)}`;
}
