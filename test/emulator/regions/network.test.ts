import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutboxEntry, ReplicationSource } from '../../../src/emulator/regions/replicator.js';
import { assertGlobalWritable } from '../../../src/emulator/regions/routing.js';
import { api, startTestEmulator, type EmulatorHandle } from '../../helpers/emulator.js';

// The core's network with replication started by a minimal storage side.
interface Entry extends OutboxEntry {
  readonly v: string;
}

let emu: EmulatorHandle;
const applied: string[] = [];
beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west'], maxBacklog: 1 });
  const db = emu.core.db;
  db.exec('CREATE TABLE test_outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, origin TEXT, v TEXT, at INTEGER)');
  const source: ReplicationSource<Entry> = {
    pending: (origin, _dest, after, limit) =>
      db.prepare('SELECT seq, at, v FROM test_outbox WHERE origin = ? AND seq > ? ORDER BY seq LIMIT ?').all(origin, after, limit) as Entry[],
    countPending: (origin, _dest, after) => (db.prepare('SELECT COUNT(*) AS n FROM test_outbox WHERE origin = ? AND seq > ?').get(origin, after) as { n: number }).n,
    apply: (dest, e) => {
      applied.push(`${dest}:${e.v}`);
      return 0;
    },
  };
  emu.core.network.startReplication(source);
});
afterAll(() => emu.close());

const commit = (origin: string, v: string): void => {
  emu.core.db.prepare('INSERT INTO test_outbox (origin, v, at) VALUES (?, ?, ?)').run(origin, v, emu.core.clock.now());
  emu.core.network.replicator!.committed(origin, ['us-east', 'eu-west']);
};

describe('core.network replication', () => {
  it('ships committed entries and shows the streams in /_emulator/stats', async () => {
    commit('us-east', 'a');
    await emu.core.network.replicator!.idle();
    expect(applied).toEqual(['eu-west:a']);
    const stats = await api(emu).get('/_emulator/stats');
    expect(stats.body.replication.streams).toContainEqual(expect.objectContaining({ from: 'us-east', to: 'eu-west', backlog: 0, applied: 1, appliedSeq: 1 }));
    expect(() => emu.core.network.startReplication({ pending: () => [], countPending: () => 0, apply: () => 0 })).toThrow(/already running/);
  });

  it('turns global writes read-only past --max-backlog and back after heal', async () => {
    await api(emu).post('/_emulator/faults', { partition: [['eu-west']] });
    commit('us-east', 'b');
    commit('us-east', 'c');
    expect(() => assertGlobalWritable(emu.core, 'us-east')).toThrow(expect.objectContaining({ status: 503, errorNum: 1004 }));
    expect(() => assertGlobalWritable(emu.core, 'eu-west')).not.toThrow();
    const stats = await api(emu).get('/_emulator/stats');
    expect(stats.body.replication.readOnly).toEqual(['us-east']);
    await api(emu).post('/_emulator/heal');
    await emu.core.network.replicator!.idle();
    expect(() => assertGlobalWritable(emu.core, 'us-east')).not.toThrow();
    expect(applied).toEqual(['eu-west:a', 'eu-west:b', 'eu-west:c']);
  });
});
