// A DNS lookup that answers 127.0.0.1 for every name. jsC8 only talks to `https://api-<host>`, so
// the SDK suites and the jsC8 benchmark point it at made-up region host names and resolve them
// here to the emulator on loopback (no hosts-file edits on the machine).
import type { LookupAddress, LookupOptions } from 'node:dns';

export function anyHostToLoopback(
  _host: string,
  opts: LookupOptions | ((...a: unknown[]) => void),
  cb?: (err: Error | null, address: string | LookupAddress[], family?: number) => void,
): void {
  const callback = (typeof opts === 'function' ? opts : cb) as (err: Error | null, a: string | LookupAddress[], f?: number) => void;
  if (typeof opts === 'object' && opts.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
  else callback(null, '127.0.0.1', 4);
}
