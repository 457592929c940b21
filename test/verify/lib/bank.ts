// Bank checker after Jepsen's `jepsen.tests.bank` (reference/consistency-and-emulators.md
// §5.2): every successful read of all balances must show the expected accounts, no negative
// balance and the constant total. Jepsen's four error classes are kept: wrong-total,
// negative-value, nil-balance (an expected account missing or not a number) and
// unexpected-key. After the nemesis heals and replication drains, every region must hold the
// same balances with the right total (convergence).

/** One successful read of all balances; null/undefined = the account was missing. */
export interface BankRead {
  readonly balances: Readonly<Record<string, number | null | undefined>>;
  readonly process?: number;
  readonly region?: string;
  readonly time?: number;
}

export interface BankModel {
  readonly accounts: readonly string[];
  readonly total: number;
  /** Jepsen's `:negative-balances?`; default false. */
  readonly allowNegative?: boolean;
}

export type BankAnomalyType = 'wrong-total' | 'negative-value' | 'nil-balance' | 'unexpected-key';
export const BANK_ANOMALY_TYPES: readonly BankAnomalyType[] = ['wrong-total', 'negative-value', 'nil-balance', 'unexpected-key'];

export interface BankAnomaly {
  readonly type: BankAnomalyType;
  /** Index of the read in the input. */
  readonly read: number;
  readonly region?: string;
  readonly detail: string;
  /** wrong-total: the total seen. */
  readonly total?: number;
}

export interface BankResult {
  readonly valid: boolean;
  readonly reads: number;
  readonly counts: Readonly<Record<BankAnomalyType, number>>;
  /** First anomaly of each type seen. */
  readonly first: Partial<Record<BankAnomalyType, BankAnomaly>>;
  /** The wrong-total read furthest from the expected total. */
  readonly worst?: BankAnomaly;
}

export function checkBankRead(read: BankRead, index: number, model: BankModel): BankAnomaly[] {
  const out: BankAnomaly[] = [];
  const region = read.region === undefined ? {} : { region: read.region };
  const expected = new Set(model.accounts);
  let total = 0;
  let complete = true;
  for (const acct of model.accounts) {
    const v = read.balances[acct];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      complete = false;
      out.push({ type: 'nil-balance', read: index, ...region, detail: `account ${acct} is ${v === undefined ? 'missing' : JSON.stringify(v)}` });
      continue;
    }
    total += v;
    if (v < 0 && !model.allowNegative) {
      out.push({ type: 'negative-value', read: index, ...region, detail: `account ${acct} has balance ${v}` });
    }
  }
  for (const acct of Object.keys(read.balances)) {
    if (!expected.has(acct)) out.push({ type: 'unexpected-key', read: index, ...region, detail: `unexpected account ${acct}` });
  }
  // A read missing an account is already a nil-balance; its sum would double-count the error.
  if (complete && total !== model.total) {
    out.push({ type: 'wrong-total', read: index, ...region, total, detail: `total ${total}, expected ${model.total}` });
  }
  return out;
}

export function checkBank(reads: readonly BankRead[], model: BankModel): BankResult {
  const counts: Record<BankAnomalyType, number> = { 'wrong-total': 0, 'negative-value': 0, 'nil-balance': 0, 'unexpected-key': 0 };
  const first: Partial<Record<BankAnomalyType, BankAnomaly>> = {};
  let worst: BankAnomaly | undefined;
  reads.forEach((read, i) => {
    for (const a of checkBankRead(read, i, model)) {
      counts[a.type]++;
      first[a.type] ??= a;
      if (a.type === 'wrong-total' && (!worst || Math.abs(a.total! - model.total) > Math.abs(worst.total! - model.total))) worst = a;
    }
  });
  const valid = BANK_ANOMALY_TYPES.every((t) => counts[t] === 0);
  return { valid, reads: reads.length, counts, first, ...(worst ? { worst } : {}) };
}

export interface ConvergenceResult {
  /** Every region holds identical balances. */
  readonly converged: boolean;
  /** Converged and every region's balances pass the bank invariants. */
  readonly valid: boolean;
  readonly totals: Readonly<Record<string, number | null>>;
  /** Accounts whose balance differs between regions, with each region's value. */
  readonly divergent: readonly { readonly account: string; readonly values: Readonly<Record<string, number | null>> }[];
  /** Invariant violations of the final state, per region. */
  readonly anomalies: readonly BankAnomaly[];
}

/** Final-state check after heal: one read of all balances per region. */
export function checkConvergence(byRegion: Readonly<Record<string, BankRead['balances']>>, model: BankModel): ConvergenceResult {
  const regions = Object.keys(byRegion);
  const accounts = [...new Set([...model.accounts, ...regions.flatMap((r) => Object.keys(byRegion[r]!))])].sort();
  const divergent: { account: string; values: Record<string, number | null> }[] = [];
  for (const account of accounts) {
    const values: Record<string, number | null> = {};
    for (const r of regions) values[r] = byRegion[r]![account] ?? null;
    if (new Set(Object.values(values)).size > 1) divergent.push({ account, values });
  }
  const totals: Record<string, number | null> = {};
  const anomalies: BankAnomaly[] = [];
  regions.forEach((r, i) => {
    const bal = byRegion[r]!;
    const found = checkBankRead({ balances: bal, region: r }, i, model);
    anomalies.push(...found);
    totals[r] = found.some((a) => a.type === 'nil-balance')
      ? null
      : model.accounts.reduce((s, a) => s + (bal[a] as number), 0);
  });
  const converged = divergent.length === 0;
  return { converged, valid: converged && anomalies.length === 0, totals, divergent, anomalies };
}
