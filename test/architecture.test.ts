import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

// One-way dependencies (design/architecture.md rule 1):
//   cli → api → wire,  cli → emulator/index → wire.
const root = join(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2])!);
  }
  return found;
}

function layerOf(spec: string, fromFile: string): string | null {
  if (!spec.startsWith('.')) return `pkg:${spec}`;
  const target = relative(root, join(fromFile, '..', spec));
  return target.split('/')[0] ?? null;
}

const files = sourceFiles(root).map((f) => ({ file: f, layer: relative(root, f).split('/')[0]! }));

describe('import boundaries', () => {
  it('wire imports nothing else of ours and no packages', () => {
    for (const { file, layer } of files.filter((f) => f.layer === 'wire')) {
      for (const spec of imports(file)) {
        const target = layerOf(spec, file);
        expect(target === 'wire' || target?.startsWith('pkg:node:'), `${file} imports ${spec}`).toBe(true);
        void layer;
      }
    }
  });

  it('api imports only wire and never terminal or config packages', () => {
    for (const { file } of files.filter((f) => f.layer === 'api')) {
      for (const spec of imports(file)) {
        const target = layerOf(spec, file);
        expect(['cli', 'emulator', 'demo'], `${file} imports ${spec}`).not.toContain(target);
        expect(['pkg:chalk', 'pkg:ora', 'pkg:conf', 'pkg:cli-table3', 'pkg:commander'], `${file} imports ${spec}`).not.toContain(target);
      }
    }
  });

  it('emulator imports nothing from api or cli', () => {
    for (const { file } of files.filter((f) => f.layer === 'emulator')) {
      for (const spec of imports(file)) {
        expect(['api', 'cli', 'demo'], `${file} imports ${spec}`).not.toContain(layerOf(spec, file));
      }
    }
  });

  it('cli reaches the emulator only through its index', () => {
    for (const { file } of files.filter((f) => f.layer === 'cli' || f.layer === 'demo')) {
      for (const spec of imports(file)) {
        if (layerOf(spec, file) !== 'emulator') continue;
        const target = relative(root, join(file, '..', spec));
        expect(target, `${file} imports ${spec}`).toBe('emulator/index.js');
      }
    }
  });
});
