// The read-only profiles view (config-file.ts) must read exactly the file conf writes
// (config-store.ts), or start-up would silently look at the wrong profiles.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configFilePath, readProfiles } from '../../src/cli/config-file.js';
import { ConfigStore, defaultLocalProfile } from '../../src/cli/config-store.js';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'c8spot-config-file-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('config-file: the read-only view of conf’s profiles file', () => {
  it('resolves the same path as conf with C8SPOT_CONFIG_DIR', () => {
    const env = { C8SPOT_CONFIG_DIR: tempDir() };
    expect(configFilePath(env)).toBe(new ConfigStore(env).path);
  });

  it('resolves the same path as conf from XDG_CONFIG_HOME when no dir is given', () => {
    const saved = process.env.XDG_CONFIG_HOME;
    process.env.XDG_CONFIG_HOME = tempDir();
    try {
      expect(configFilePath({})).toBe(new ConfigStore({}).path);
      expect(configFilePath({})).toBe(join(process.env.XDG_CONFIG_HOME, 'c8spot', 'config.json'));
    } finally {
      if (saved === undefined) delete process.env.XDG_CONFIG_HOME;
      else process.env.XDG_CONFIG_HOME = saved;
    }
  });

  it('reads what ConfigStore wrote: profiles and the current one', () => {
    const env = { C8SPOT_CONFIG_DIR: tempDir() };
    const store = new ConfigStore(env);
    const prod = { url: 'https://play.example.io', tenant: 't', apiKey: 'k', fabric: 'shop', kind: 'gdn' as const };
    store.setProfile('prod', prod);
    store.useProfile('prod');
    const view = readProfiles(env);
    expect(view.currentProfile).toBe('prod');
    expect(view.getProfile('prod')).toEqual(prod);
    expect(view.getProfile('nope')).toBeUndefined();
    expect(view.getProfile('local')).toEqual(defaultLocalProfile());
    store.removeProfile('prod');
    expect(readProfiles(env).getProfile('prod')).toBeUndefined();
    expect(readProfiles(env).currentProfile).toBeUndefined();
  });

  it('a missing file means no profiles; a corrupt one names the file', () => {
    const dir = tempDir();
    expect(readProfiles({ C8SPOT_CONFIG_DIR: dir }).currentProfile).toBeUndefined();
    expect(readProfiles({ C8SPOT_CONFIG_DIR: dir }).getProfile('local')).toEqual(defaultLocalProfile());
    writeFileSync(join(dir, 'config.json'), '{ not json');
    expect(() => readProfiles({ C8SPOT_CONFIG_DIR: dir })).toThrow(join(dir, 'config.json'));
  });
});
