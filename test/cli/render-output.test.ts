import { describe, expect, it } from 'vitest';
import { describeError, ExitCode, UsageError } from '../../src/cli/render/errors.js';
import { formatOutput } from '../../src/cli/render/output.js';
import { toYaml } from '../../src/cli/render/yaml.js';
import { GdnError, NetworkError } from '../../src/api/errors.js';
import { colorEnabled } from '../../src/cli/context.js';

const rows = [
  { name: 'a,b', n: 1, note: 'say "hi"' },
  { name: 'c', n: 2, extra: { x: 1 } },
];

describe('formatOutput', () => {
  it('json is the payload unchanged; ndjson one line per row', () => {
    expect(JSON.parse(formatOutput({ output: 'json', color: false }, rows))).toEqual(rows);
    expect(formatOutput({ output: 'ndjson', color: false }, rows).trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(rows);
  });

  it('csv quotes per RFC 4180 over the union of keys', () => {
    expect(formatOutput({ output: 'csv', color: false }, rows)).toBe('name,n,note,extra\r\n"a,b",1,"say ""hi""",\r\nc,2,,"{""x"":1}"\r\n');
  });

  it('table fits the given width', () => {
    const wide = [{ k: 'x'.repeat(300), v: 'y'.repeat(300) }];
    const out = formatOutput({ output: 'table', color: false }, wide, {}, 80);
    for (const line of out.trimEnd().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(out).toContain('…');
  });

  it('yaml quotes only what YAML would misread', () => {
    expect(toYaml({ a: 'true', b: 'plain', c: '', d: [1, { e: null }], f: {} })).toBe('a: "true"\nb: plain\nc: ""\nd:\n  - 1\n  - e: null\nf: {}\n');
  });
});

describe('describeError', () => {
  it('maps statuses and network kinds to exit codes and hints', () => {
    expect(describeError(new GdnError(401, 11, 'forbidden', undefined, undefined))).toMatchObject({ exitCode: ExitCode.AUTH, hint: expect.stringContaining('c8spot login') });
    expect(describeError(new GdnError(404, 1228, 'database not found', 'r1', 'us-east'))).toMatchObject({ exitCode: 3, requestId: 'r1', region: 'us-east', hint: expect.stringContaining('fabric list') });
    expect(describeError(new GdnError(409, 1207, 'duplicate', undefined, undefined)).exitCode).toBe(5);
    expect(describeError(new NetworkError('refused', 'http://127.0.0.1:8529', 'ECONNREFUSED'))).toMatchObject({ exitCode: 8, hint: expect.stringContaining('emulator start') });
    expect(describeError(new NetworkError('refused', 'https://api-x.example', 'ECONNREFUSED')).hint).not.toContain('emulator');
    expect(describeError(new UsageError('bad')).exitCode).toBe(2);
  });
});

describe('colorEnabled', () => {
  it('NO_COLOR and --no-color win, FORCE_COLOR forces, TERM=dumb disables', () => {
    expect(colorEnabled({}, { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
    expect(colorEnabled({ color: false }, {}, true)).toBe(false);
    expect(colorEnabled({}, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorEnabled({}, { TERM: 'dumb' }, true)).toBe(false);
    expect(colorEnabled({}, {}, true)).toBe(true);
    expect(colorEnabled({}, {}, false)).toBe(false);
  });
});
