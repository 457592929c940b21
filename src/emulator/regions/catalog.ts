// The emulator's regions: names, coordinates, spot capability, and the host names a
// client may use for each. Links and latency (regions/ modules of the multi-region
// engineer) are built on top of this catalog. Coordinates are strings on the wire
// because GDN sends them that way (reference/gdn-api.md §3).

export interface Location {
  readonly city: string;
  readonly countrycode: string;
  readonly countryname: string;
  readonly latitude: number;
  readonly longitude: number;
}

export interface Region {
  readonly name: string;
  /** Position in the --regions list; region i listens on port+1+i. */
  readonly index: number;
  readonly location: Location;
  /** May be a fabric's spot region (`spot_region` on the wire); changeable at run time. */
  spotCapable: boolean;
  /** `<name>.<domain>`, the region host (`tags.url`). */
  readonly url: string;
  /** `api-<name>.<domain>` (`tags.api`). */
  readonly api: string;
  /** This region's own listener, set once it is bound ('' before). */
  endpoint: string;
  port: number;
}

/** 0 = online, 1 = unreachable, as seen from one region (the `status` of a datacenter record). */
export type RegionStatus = 0 | 1;

/** The domain the emulator's region host names live under. Resolving it is up to the user (hosts file). */
export const REGION_DOMAIN = 'c8spot.local';

// Well-known cloud region names and where they are; anything else gets DEFAULT_LOCATION.
const KNOWN: Record<string, Location> = {
  'us-east': loc('Ashburn', 'US', 'United States', 39.0438, -77.4874),
  'us-east-1': loc('Ashburn', 'US', 'United States', 39.0438, -77.4874),
  'us-east-2': loc('Columbus', 'US', 'United States', 39.9612, -82.9988),
  'us-central': loc('Council Bluffs', 'US', 'United States', 41.2619, -95.8608),
  'us-west': loc('San Jose', 'US', 'United States', 37.3382, -121.8863),
  'us-west-1': loc('San Jose', 'US', 'United States', 37.3382, -121.8863),
  'us-west-2': loc('Portland', 'US', 'United States', 45.5152, -122.6784),
  'ca-central': loc('Montreal', 'CA', 'Canada', 45.5017, -73.5673),
  'sa-east': loc('Sao Paulo', 'BR', 'Brazil', -23.5505, -46.6333),
  'eu-west': loc('Dublin', 'IE', 'Ireland', 53.3498, -6.2603),
  'eu-west-1': loc('Dublin', 'IE', 'Ireland', 53.3498, -6.2603),
  'eu-west-2': loc('London', 'GB', 'United Kingdom', 51.5072, -0.1276),
  'eu-west-3': loc('Paris', 'FR', 'France', 48.8566, 2.3522),
  'eu-central': loc('Frankfurt', 'DE', 'Germany', 50.1109, 8.6821),
  'eu-central-1': loc('Frankfurt', 'DE', 'Germany', 50.1109, 8.6821),
  'eu-north': loc('Stockholm', 'SE', 'Sweden', 59.3293, 18.0686),
  'eu-south': loc('Milan', 'IT', 'Italy', 45.4642, 9.19),
  'me-central': loc('Dubai', 'AE', 'United Arab Emirates', 25.2048, 55.2708),
  'af-south': loc('Cape Town', 'ZA', 'South Africa', -33.9249, 18.4241),
  'ap-south': loc('Mumbai', 'IN', 'India', 19.076, 72.8777),
  'ap-south-1': loc('Mumbai', 'IN', 'India', 19.076, 72.8777),
  'ap-southeast': loc('Singapore', 'SG', 'Singapore', 1.3521, 103.8198),
  'ap-southeast-1': loc('Singapore', 'SG', 'Singapore', 1.3521, 103.8198),
  'ap-southeast-2': loc('Sydney', 'AU', 'Australia', -33.8688, 151.2093),
  'ap-northeast': loc('Tokyo', 'JP', 'Japan', 35.6762, 139.6503),
  'ap-northeast-1': loc('Tokyo', 'JP', 'Japan', 35.6762, 139.6503),
  'ap-northeast-2': loc('Seoul', 'KR', 'South Korea', 37.5665, 126.978),
  'ap-east': loc('Hong Kong', 'HK', 'Hong Kong', 22.3193, 114.1694),
};

/** Where a custom region name is placed: the geographic centre of the contiguous US. */
export const DEFAULT_LOCATION: Location = loc('', 'US', 'United States', 39.8283, -98.5795);

function loc(city: string, countrycode: string, countryname: string, latitude: number, longitude: number): Location {
  return { city, countrycode, countryname, latitude, longitude };
}

export class RegionCatalog {
  readonly #byName = new Map<string, Region>();
  readonly list: readonly Region[];

  constructor(names: readonly string[]) {
    this.list = names.map((name, index) => {
      const region: Region = {
        name,
        index,
        location: KNOWN[name] ?? DEFAULT_LOCATION,
        spotCapable: true,
        url: `${name}.${REGION_DOMAIN}`,
        api: `api-${name}.${REGION_DOMAIN}`,
        endpoint: '',
        port: 0,
      };
      this.#byName.set(name, region);
      return region;
    });
  }

  /**
   * How region `to` looks from region `from`. Always online here; the fault
   * simulation (regions/ modules) replaces it to report partitions and downed regions.
   */
  statusOf: (from: string, to: string) => RegionStatus = () => 0;

  get names(): string[] {
    return this.list.map((r) => r.name);
  }

  /** The region serving the global URL. */
  get first(): Region {
    return this.list[0]!;
  }

  get(name: string): Region | undefined {
    return this.#byName.get(name);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  /**
   * Accepts a region name or a host-like form (`name.anything`, `api-name.anything`),
   * as the official samples pass either (reference §9.1). Returns the name or undefined.
   */
  normalize(value: string): string | undefined {
    const v = value.trim().toLowerCase();
    if (this.#byName.has(v)) return v;
    const first = v.split('.')[0] ?? '';
    if (this.#byName.has(first)) return first;
    if (first.startsWith('api-') && this.#byName.has(first.slice(4))) return first.slice(4);
    return undefined;
  }

  /** Region named by a Host header (`api-<dc>.<x>` or `<dc>.<x>`, any port), else undefined. */
  fromHost(host: string | undefined): string | undefined {
    if (!host) return undefined;
    const name = host.replace(/:\d+$/, '');
    if (!name.includes('.')) return undefined;
    return this.normalize(name);
  }
}
