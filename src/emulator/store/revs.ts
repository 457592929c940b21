// `_rev`: an opaque string derived from the document's version (the newest HLC timestamp
// in its merge state, regions/merge.ts versionOf), so converged replicas show the same
// `_rev` and later writes sort after earlier ones. Fixed-width base 36 keeps string
// order equal to time order; the region suffix keeps concurrent writes distinct.
import { decodeHlc } from '../regions/hlc.js';

export function revOf(hlc: string): string {
  const h = decodeHlc(hlc);
  return `_${h.wall.toString(36).padStart(9, '0')}${h.counter.toString(36).padStart(4, '0')}~${h.node}`;
}
