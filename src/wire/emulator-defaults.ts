// Facts about the local emulator that the CLI needs without loading emulator code:
// where it listens by default and its public default credentials. They are public on
// purpose (like the Cosmos DB emulator's well-known key), which is why the emulator
// refuses non-loopback addresses unless told otherwise.

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
