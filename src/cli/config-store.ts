// Profiles on disk. The only module that imports conf. The file lives at
// <config dir>/config.json (no "-nodejs" suffix; C8SPOT_CONFIG_DIR overrides the dir),
// mode 0600 in a 0700 dir, re-tightened after every write because a user's umask or
// an editor may have loosened them.
import { chmodSync, mkdirSync } from 'node:fs';
import Conf from 'conf';
import { defaultLocalProfile, type Profile } from './config-file.js';
import { LOCAL_PROFILE } from '../wire/emulator-defaults.js';

// The profile shape and the built-in `local` profile live with the read-only view (config-file.ts),
// which start-up uses without loading conf.
export { defaultLocalProfile, type Profile } from './config-file.js';

interface ConfigShape {
  currentProfile?: string;
  profiles: Record<string, Profile>;
}

export class ConfigStore {
  readonly #conf: Conf<ConfigShape>;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    const cwd = env.C8SPOT_CONFIG_DIR;
    this.#conf = new Conf<ConfigShape>({
      projectName: 'c8spot',
      projectSuffix: '',
      configName: 'config',
      configFileMode: 0o600,
      defaults: { profiles: {} },
      ...(cwd ? { cwd } : {}),
    });
  }

  get path(): string {
    return this.#conf.path;
  }

  get currentProfile(): string | undefined {
    return this.#conf.get('currentProfile');
  }

  profileNames(): string[] {
    const names = new Set(Object.keys(this.#conf.get('profiles')));
    names.add(LOCAL_PROFILE);
    return [...names].sort();
  }

  /** A stored profile, or the built-in `local` one when none is stored under that name. */
  getProfile(name: string): Profile | undefined {
    const stored = this.#conf.get('profiles')[name];
    if (stored) return stored;
    return name === LOCAL_PROFILE ? defaultLocalProfile() : undefined;
  }

  setProfile(name: string, profile: Profile): void {
    this.#conf.set('profiles', { ...this.#conf.get('profiles'), [name]: profile });
    this.#tighten();
  }

  removeProfile(name: string): boolean {
    const profiles = { ...this.#conf.get('profiles') };
    if (!(name in profiles)) return false;
    delete profiles[name];
    this.#conf.set('profiles', profiles);
    if (this.currentProfile === name) this.#conf.delete('currentProfile');
    this.#tighten();
    return true;
  }

  useProfile(name: string): void {
    this.#conf.set('currentProfile', name);
    this.#tighten();
  }

  #tighten(): void {
    const dir = this.path.slice(0, this.path.lastIndexOf('/'));
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    chmodSync(this.path, 0o600);
  }
}
