// Errors the emulator replies with. Handlers throw GdnError; the server turns it into
// the four-field envelope with the same status. Messages come from the caller or the
// default table in wire/codes.ts, so wording lives in one place.
import { DefaultMessage, ErrorNum, type ErrorNumValue } from '../wire/codes.js';
import { errorBody, type GdnErrorBody } from '../wire/errors.js';

export class GdnError extends Error {
  readonly status: number;
  readonly errorNum: number;
  readonly extra: Readonly<Record<string, unknown>> | undefined;

  constructor(status: number, errorNum: number, message?: string, extra?: Record<string, unknown>) {
    super(message ?? DefaultMessage[errorNum as ErrorNumValue] ?? `error ${errorNum}`);
    this.name = 'GdnError';
    this.status = status;
    this.errorNum = errorNum;
    this.extra = extra;
  }

  toBody(): GdnErrorBody {
    return errorBody(this.status, this.errorNum, this.message, this.extra);
  }
}

export const badParameter = (message: string): GdnError => new GdnError(400, ErrorNum.BAD_PARAMETER, message);
export const fabricNotFound = (): GdnError => new GdnError(404, ErrorNum.DATABASE_NOT_FOUND);
export const collectionNotFound = (): GdnError => new GdnError(404, ErrorNum.COLLECTION_NOT_FOUND);
export const documentNotFound = (): GdnError => new GdnError(404, ErrorNum.DOCUMENT_NOT_FOUND);
export const forbidden = (): GdnError => new GdnError(403, ErrorNum.FORBIDDEN, 'forbidden');
export const unauthorized = (): GdnError => new GdnError(401, ErrorNum.HTTP_UNAUTHORIZED, 'Unauthorized');
export const systemOnly = (): GdnError => new GdnError(403, ErrorNum.USE_SYSTEM_DATABASE);
