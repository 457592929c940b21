// Facts about the local emulator that the CLI needs without loading emulator code:
// where it listens by default and its public default credentials. They are public on
// purpose (like the Cosmos DB emulator's well-known key), which is why the emulator
// refuses non-loopback addresses unless told otherwise.
import { homedir } from 'node:os';
import { join } from 'node:path';

export const EMULATOR_DEFAULT_HOST = '127.0.0.1';
export const EMULATOR_DEFAULT_PORT = 8529;
export const EMULATOR_DEFAULT_REGIONS: readonly string[] = ['us-east', 'eu-west', 'ap-south'];
export const EMULATOR_DEFAULT_TENANT = 'c8spot';
export const EMULATOR_DEFAULT_EMAIL = 'admin@c8spot.local';
export const EMULATOR_DEFAULT_PASSWORD = 'c8spot-local';
export const EMULATOR_DEFAULT_API_KEY_ID = 'admin';
/** `<tenant>.<keyid>.<secret>`, the shape GDN keys have (reference/gdn-api.md §2.2). */
export const EMULATOR_DEFAULT_API_KEY = `${EMULATOR_DEFAULT_TENANT}.${EMULATOR_DEFAULT_API_KEY_ID}.local-emulator-secret`;
/** The built-in CLI profile that points at the emulator on this machine. */
export const LOCAL_PROFILE = 'local';

/**
 * Default emulator data dir: `$XDG_DATA_HOME/c8spot/emulator`, else
 * `~/.local/share/c8spot/emulator`. Here so `emulator status|stop` find it without
 * loading emulator code.
 */
export function emulatorDefaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.length > 0 ? env.XDG_DATA_HOME : join(homedir(), '.local', 'share');
  return join(base, 'c8spot', 'emulator');
}
