// Maps any error thrown by a command to a message on stderr and an exit code
// (exit codes: specs/cli.md "Exit codes").
import { CommanderError, type Command } from 'commander';
import { GdnError, HttpError, NetworkError } from '../../api/errors.js';

export const ExitCode = {
  OK: 0,
  ERROR: 1,
  USAGE: 2,
  NOT_FOUND: 3,
  AUTH: 4,
  CONFLICT: 5,
  CONSISTENCY: 6,
  PARTIAL: 7,
  UNREACHABLE: 8,
  INTERRUPTED: 130,
} as const;

/** A bad flag or argument (exit 2); `code` names it in the JSON envelope when USAGE is too vague. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly code: string = 'USAGE',
  ) {
    super(message);
  }
}

/** A failure with a specific exit code, e.g. 6 when a consistency check fails. */
export class ExitCodeError extends Error {
  override readonly name = 'ExitCodeError';
  constructor(
    message: string,
    readonly exitCode: number,
    /** Stable envelope code; by default the one of the exit code (EXIT_CODE_NAMES). */
    readonly code?: string,
  ) {
    super(message);
  }
}

/**
 * The envelope's `code` is UPPER_SNAKE and stable (scripts branch on it, specs/cli.md "Output"):
 * a specific name where one is known (SPOT_REGION_MISSING, DOCUMENT_NOT_FOUND, NETWORK_REFUSED…),
 * otherwise the name of the exit code.
 */
const EXIT_CODE_NAMES: Readonly<Record<number, string>> = {
  1: 'ERROR',
  2: 'USAGE',
  3: 'NOT_FOUND',
  4: 'AUTH',
  5: 'CONFLICT',
  6: 'CONSISTENCY_CHECK_FAILED',
  7: 'PARTIAL_FAILURE',
  8: 'UNREACHABLE',
  130: 'INTERRUPTED',
};

/** GDN errorNums that have a name of their own. */
const ERROR_NUM_NAMES: Readonly<Record<number, string>> = {
  10: 'BAD_PARAMETER',
  1200: 'WRITE_CONFLICT',
  1202: 'DOCUMENT_NOT_FOUND',
  1203: 'COLLECTION_NOT_FOUND',
  1207: 'ALREADY_EXISTS',
  1210: 'UNIQUE_CONSTRAINT_VIOLATED',
  1228: 'FABRIC_NOT_FOUND',
  1501: 'QUERY_PARSE',
  1552: 'QUERY_BIND_PARAMETER',
};

function exitCodeName(exitCode: number): string {
  return EXIT_CODE_NAMES[exitCode] ?? 'ERROR';
}

/** Ctrl-C while a command waits: exit 130. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

export interface ErrorReport {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  readonly httpStatus?: number;
  readonly errorNum?: number;
  readonly region?: string;
  readonly requestId?: string;
  readonly exitCode: number;
}

function isLocalUrl(url: string): boolean {
  return /^https?:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])[:/]?/.test(url);
}

function statusExit(status: number): number {
  if (status === 401 || status === 403) return ExitCode.AUTH;
  if (status === 404) return ExitCode.NOT_FOUND;
  if (status === 409 || status === 412) return ExitCode.CONFLICT;
  if (status === 502 || status === 503 || status === 504) return ExitCode.UNREACHABLE;
  return ExitCode.ERROR;
}

function statusHint(status: number, errorNum: number | undefined): string | undefined {
  if (status === 401) return 'run `c8spot login` (or check C8SPOT_API_KEY / C8SPOT_TOKEN)';
  if (status === 403) return 'your credential lacks access to this fabric or operation';
  if (errorNum === 1228) return 'list fabrics with `c8spot fabric list`';
  if (errorNum === 1203) return 'list collections with `c8spot collection list`';
  if (errorNum === 1202) return 'check the key with `c8spot query "FOR d IN <collection> RETURN d._key"`';
  if (errorNum === 1207 || errorNum === 1210) return 'use --if-not-exists to accept an existing one';
  if (status === 503 || status === 504) return 'the region may be down or partitioned; retry later or pass --region';
  return undefined;
}

/** Classifies any thrown value: message, hint and exit code (specs/cli.md "Exit codes"). */
export function describeError(err: unknown): ErrorReport {
  if (err instanceof UsageError) return { code: err.code, message: err.message, exitCode: ExitCode.USAGE };
  if (err instanceof ExitCodeError) return { code: err.code ?? exitCodeName(err.exitCode), message: err.message, exitCode: err.exitCode };
  if (err instanceof InterruptedError) return { code: 'INTERRUPTED', message: err.message || 'interrupted', exitCode: ExitCode.INTERRUPTED };
  if (err instanceof GdnError) {
    const hint = statusHint(err.status, err.errorNum);
    const exitCode = statusExit(err.status);
    return {
      code: ERROR_NUM_NAMES[err.errorNum] ?? (exitCode === ExitCode.ERROR ? 'GDN_ERROR' : exitCodeName(exitCode)),
      message: `${err.errorMessage} (HTTP ${err.status}, errorNum ${err.errorNum})`,
      ...(hint ? { hint } : {}),
      httpStatus: err.status,
      errorNum: err.errorNum,
      ...(err.region ? { region: err.region } : {}),
      ...(err.requestId ? { requestId: err.requestId } : {}),
      exitCode,
    };
  }
  if (err instanceof HttpError) {
    const hint = statusHint(err.status, undefined);
    const exitCode = statusExit(err.status);
    return { code: exitCode === ExitCode.ERROR ? 'HTTP_ERROR' : exitCodeName(exitCode), message: err.message, ...(hint ? { hint } : {}), httpStatus: err.status, ...(err.requestId ? { requestId: err.requestId } : {}), exitCode };
  }
  if (err instanceof NetworkError) {
    const hint =
      err.kind === 'refused' && isLocalUrl(err.url)
        ? 'start it with `c8spot emulator start` (if it runs, `c8spot emulator status` shows whether this region was taken down; `c8spot emulator heal`)'
        : err.kind === 'tls'
          ? 'trust the server certificate: `c8spot login --ca-file <pem>` or C8SPOT_CA_FILE=<pem>'
          : err.kind === 'timeout'
            ? 'raise --timeout or check the network'
            : 'check --url and your network';
    return { code: `NETWORK_${err.kind.toUpperCase()}`, message: `cannot reach ${err.url}: ${err.message.replace(/ \(.*\)$/, '')}`, hint, exitCode: ExitCode.UNREACHABLE };
  }
  return { code: 'ERROR', message: err instanceof Error ? err.message : String(err), exitCode: ExitCode.ERROR };
}

function jsonMode(program: Command): boolean {
  const o = program.opts<{ output?: string; json?: boolean }>();
  const out = o.json ? 'json' : (o.output ?? process.env.C8SPOT_OUTPUT);
  return out === 'json' || out === 'ndjson';
}

export function reportError(err: unknown, program: Command): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride with exit code 0.
    if (err.exitCode === 0) return ExitCode.OK;
    // commander already printed its message (or the help) on stderr; JSON mode still gets the
    // one envelope on stdout that a script parses, as for every other failure.
    if (jsonMode(program)) {
      const message = err.code === 'commander.help' ? 'a subcommand is needed (see the help on stderr)' : err.message.replace(/^error: /, '').replace(/\s*\n\s*/g, ' ');
      process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE', message } })}\n`);
    }
    return ExitCode.USAGE;
  }
  const r = describeError(err);
  if (jsonMode(program)) {
    const { exitCode: _exit, ...error } = r;
    process.stdout.write(`${JSON.stringify({ error })}\n`);
  }
  process.stderr.write(`error: ${r.message}\n`);
  if (r.hint) process.stderr.write(`hint: ${r.hint}\n`);
  return r.exitCode;
}
