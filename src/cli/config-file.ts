// Read-only view of the profiles file for the commands that only need to know where to connect.
// conf (config-store.ts) stays the only writer; loading it costs as much as starting Node
// (ajv, its schema vocabularies and semver come along: docs/performance.md), which is most of
// a one-request command's time. This reads the very file conf manages: the path mirrors conf's
// (`cwd` = C8SPOT_CONFIG_DIR, else env-paths' config dir for 'c8spot' with no suffix) and a
// test pins it to ConfigStore.path.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  EMULATOR_DEFAULT_API_KEY,
  EMULATOR_DEFAULT_HOST,
  EMULATOR_DEFAULT_PORT,
  EMULATOR_DEFAULT_TENANT,
  LOCAL_PROFILE,
} from '../wire/emulator-defaults.js';

export interface Profile {
  /** Federation URL as the user gave it, or the emulator URL. */
  readonly url: string;
  readonly tenant?: string;
  readonly apiKey?: string;
  /** JWT from email + password; the password itself is never stored. */
  readonly jwt?: string;
  /** ISO time at which `jwt` expires. */
  readonly jwtExpiresAt?: string;
  readonly email?: string;
  readonly fabric?: string;
  /** PEM file trusted for this profile's endpoints (private or self-signed CA). */
  readonly caFile?: string;
  /** 'emulator' for the local emulator, 'gdn' for a real federation. */
  readonly kind?: 'emulator' | 'gdn';
}

/** What the built-in `local` profile is when `emulator start` has not written one. */
export function defaultLocalProfile(): Profile {
  return {
    url: `http://${EMULATOR_DEFAULT_HOST}:${EMULATOR_DEFAULT_PORT}`,
    tenant: EMULATOR_DEFAULT_TENANT,
    apiKey: EMULATOR_DEFAULT_API_KEY,
    kind: 'emulator',
  };
}

/** env-paths' `config` directory, as conf computes it (platform dirs come from process.env there too). */
function platformConfigDir(name: string): string {
  const env = process.env;
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Preferences', name);
  if (process.platform === 'win32') return join(env.APPDATA || join(homedir(), 'AppData', 'Roaming'), name, 'Config');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), name);
}

/** The profiles file conf reads and writes for c8spot. */
export function configFilePath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.C8SPOT_CONFIG_DIR || platformConfigDir('c8spot'), 'config.json');
}

export interface ProfilesView {
  readonly path: string;
  readonly currentProfile: string | undefined;
  /** A stored profile, or the built-in `local` one when none is stored under that name. */
  getProfile(name: string): Profile | undefined;
}

interface ConfigShape {
  currentProfile?: string;
  profiles?: Record<string, Profile>;
}

/** The profiles as stored now. A missing file reads as no profiles, as conf's defaults do. */
export function readProfiles(env: NodeJS.ProcessEnv = process.env): ProfilesView {
  const path = configFilePath(env);
  let text = '';
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  let data: ConfigShape = {};
  if (text.trim() !== '') {
    try {
      data = JSON.parse(text) as ConfigShape;
    } catch (err) {
      throw new Error(`${path} is not valid JSON: ${(err as Error).message}`);
    }
  }
  const profiles = data.profiles ?? {};
  return {
    path,
    currentProfile: data.currentProfile,
    getProfile: (name) => (Object.hasOwn(profiles, name) ? profiles[name] : name === LOCAL_PROFILE ? defaultLocalProfile() : undefined),
  };
}
