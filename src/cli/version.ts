// The package version, read from package.json next to dist/ (no JSON import: it would copy
// package.json into dist and could drift from the published one).
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
