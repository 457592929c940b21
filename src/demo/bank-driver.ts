// The bank's I/O as two C8QL queries, so it runs unchanged against the emulator and GDN.
// A transfer is ONE query with ONE UPDATE statement over both accounts (GDN allows one
// UPDATE per collection per query, errorNum 1579): on a spot collection it runs at the
// spot region as one transaction; on a global one it runs in the client's region, and a
// concurrent transfer elsewhere touching the same account overwrites it field by field.
import type { BankCollection, BankDriver, TransferOutcome } from './bank.js';

/** Runs a query from `region` and returns all its rows; `strong` sets strongConsistency. */
export type CursorRunner = (region: string, query: string, bindVars: Record<string, unknown>, strong: boolean) => Promise<readonly unknown[]>;

export const TRANSFER_QUERY = `LET src = DOCUMENT(CONCAT(@coll, "/", @from))
FILTER src != null AND src.balance >= @amount
FOR a IN @@accounts
  FILTER a._key IN [@from, @to]
  UPDATE a WITH { balance: a._key == @from ? a.balance - @amount : a.balance + @amount } IN @@accounts
  RETURN NEW.balance`;

export const BALANCES_QUERY = `FOR a IN @@accounts
  SORT a._key
  RETURN a.balance`;

export const SEED_QUERY = `FOR k IN @keys
  INSERT { _key: k, balance: @balance } INTO @@accounts
  RETURN k`;

export function c8qlBankDriver(run: CursorRunner): BankDriver {
  return {
    async transfer(region: string, c: BankCollection, from: string, to: string, amount: number): Promise<TransferOutcome> {
      const rows = await run(region, TRANSFER_QUERY, { coll: c.name, '@accounts': c.name, from, to, amount }, c.spot);
      return rows.length === 2 ? 'ok' : rows.length === 0 ? 'insufficient' : 'failed';
    },
    async readBalances(region: string, c: BankCollection): Promise<readonly number[]> {
      const rows = await run(region, BALANCES_QUERY, { '@accounts': c.name }, c.spot);
      return rows.map((r) => (typeof r === 'number' ? r : Number.NaN));
    },
  };
}
