// Local checks for `insert --dry-run`: what the server would certainly reject, decided
// without a round trip. Key rules are ArangoDB's (GDN's ancestor): 1–254 bytes of letters,
// digits and `_ - : . @ ( ) + , = ; $ ! * ' %`; a non-string key is errorNum 1221.
const KEY = /^[A-Za-z0-9_\-:.@()+,=;$!*'%]{1,254}$/;

export interface DocumentProblem {
  readonly errorNum: number;
  readonly message: string;
}

export function validateDocument(doc: Record<string, unknown>): DocumentProblem | undefined {
  const key = doc._key;
  if (key !== undefined && (typeof key !== 'string' || !KEY.test(key))) {
    return { errorNum: 1221, message: `illegal document key ${JSON.stringify(key)}` };
  }
  return undefined;
}
