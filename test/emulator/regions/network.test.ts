// The core's network with replication started by the document store: writes made through
// the store replicate over the links; the backlog limit turns global writes read-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertGlobalWritable } from '../../../src/emulator/regions/routing.js';
import type { CollectionMeta } from '../../../src/emulator/store/collection-store.js';
import { api, startTestEmulator, type EmulatorHandle } from '../../helpers/emulator.js';

let emu: EmulatorHandle;
let meta: CollectionMeta;
beforeAll(async () => {
  emu = await startTestEmulator({ regions: ['us-east', 'eu-west'], maxBacklog: 1 });
  meta = emu.core.collections.create('_system', 'us-east', {
    name: 'net',
    type: 2,
    isSpot: false,
    isLocal: false,
    keyOptions: { type: 'traditional', allowUserKeys: true, increment: 1, offset: 0 },
    waitForSync: false,
    hasStream: false,
  });
});
afterAll(() => emu.close());

describe('core.network replication', () => {
  it('is started by the document store and ships its writes', async () => {
    expect(() => emu.core.network.startReplication({ pending: () => [], countPending: () => 0, apply: () => 0 })).toThrow(/already running/);
    emu.core.documents.insert('us-east', meta, { _key: 'a', v: 1 });
    await emu.core.network.replicator!.idle();
    expect(emu.core.documents.get('eu-west', meta, 'a')).toMatchObject({ _key: 'a', v: 1 });
    const stats = await api(emu).get('/_emulator/stats');
    expect(stats.body.replication.streams).toContainEqual(expect.objectContaining({ from: 'us-east', to: 'eu-west', backlog: 0, applied: 1 }));
  });

  it('turns global writes read-only past --max-backlog and back after heal', async () => {
    await api(emu).post('/_emulator/faults', { partition: [['eu-west']] });
    emu.core.documents.insert('us-east', meta, { _key: 'b' });
    emu.core.documents.insert('us-east', meta, { _key: 'c' });
    expect(() => assertGlobalWritable(emu.core, 'us-east')).toThrow(expect.objectContaining({ status: 503, errorNum: 1004 }));
    expect(() => assertGlobalWritable(emu.core, 'eu-west')).not.toThrow();
    expect((await api(emu).get('/_emulator/stats')).body.replication.readOnly).toEqual(['us-east']);
    await api(emu).post('/_emulator/heal');
    await emu.core.network.replicator!.idle();
    expect(() => assertGlobalWritable(emu.core, 'us-east')).not.toThrow();
    expect(emu.core.documents.get('eu-west', meta, 'c')).toBeDefined();
  });
});
