// Maps any error thrown by a command to a message on stderr and an exit code
// (exit codes: specs/cli.md "Exit codes").
import { CommanderError, type Command } from 'commander';

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

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A failure with a specific exit code, e.g. 6 when a consistency check fails. */
export class ExitCodeError extends Error {
  override readonly name = 'ExitCodeError';
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function reportError(err: unknown, _program: Command): number {
  if (err instanceof CommanderError) {
    // --help and --version end through exitOverride with exit code 0.
    if (err.exitCode === 0) return ExitCode.OK;
    // commander already printed its message on stderr.
    return ExitCode.USAGE;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    return ExitCode.USAGE;
  }
  if (err instanceof ExitCodeError) {
    process.stderr.write(`error: ${err.message}\n`);
    return err.exitCode;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${message}\n`);
  return ExitCode.ERROR;
}
