// The peer in benchmarks 2 and 3: the official jsC8 SDK (devDependency), used the way a user
// scripts it. jsC8 only speaks HTTPS to `https://api-<host>`, so it is given a region host
// name whose lookup resolves to loopback, and the emulator's certificate as CA.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';
import type { EmulatorProcess } from './gdn-fixture.js';
import { anyHostToLoopback } from '../test/helpers/loopback-lookup.js';

const require = createRequire(import.meta.url);

interface Jsc8Client {
  useFabric(name: string): Jsc8Client;
  insertDocumentMany(name: string, docs: unknown[]): Promise<unknown[]>;
  executeQuery(query: string, bindVars?: Record<string, unknown>, opts?: Record<string, unknown>): Promise<unknown[]>;
  close(): void;
}

/** A jsC8 client with its default agent settings (keep-alive, 3 sockets) plus the lookup and CA. */
export function jsc8Client(emu: EmulatorProcess, region: string): Jsc8Client {
  const Jsc8 = require('jsc8') as new (config: Record<string, unknown>) => Jsc8Client;
  const port = new URL(emu.url).port;
  const client = new Jsc8({
    url: `https://${region}.c8spot.local:${port}`,
    apiKey: emu.apiKey,
    agentOptions: { ca: readFileSync(emu.caFile, 'utf8'), lookup: anyHostToLoopback },
  });
  return client.useFabric('_system');
}

/** Reads the NDJSON file line by line and inserts it with insertDocumentMany, `batch` at a time, one call after another. */
export async function jsc8Insert(client: Jsc8Client, collection: string, file: string, batch = 1000): Promise<number> {
  let docs: unknown[] = [];
  let sent = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    docs.push(JSON.parse(line));
    if (docs.length === batch) {
      await client.insertDocumentMany(collection, docs);
      sent += docs.length;
      docs = [];
    }
  }
  if (docs.length > 0) {
    await client.insertDocumentMany(collection, docs);
    sent += docs.length;
  }
  return sent;
}

/** executeQuery fetches every batch of the cursor and returns all rows. */
export async function jsc8Export(client: Jsc8Client, query: string): Promise<number> {
  const rows = await client.executeQuery(query);
  return rows.length;
}
