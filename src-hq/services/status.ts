/**
 * What the HQ status page shows (issue 16 item 5), read-only: stores and terminals with their last
 * contact, the sequence numbers HQ has not received yet (events still pending at the terminal), events
 * HQ refused (the terminal keeps them as dead letters), recent refusals with their reasons, each
 * terminal's last day close with its cash variance, and today's confirmed sales per hour per store.
 */
import type { EventResult } from '../../src-shared/hq-protocol/schemas';
import { localParts } from '../../src-shared/domain/time';
import type { HqContext } from './context';

export interface TerminalStatus {
  terminalId: string;
  storeCode: string;
  name: string;
  active: boolean;
  lastContact: string | null;
  lastSeq: number;
  /** Sequence numbers below lastSeq HQ has not received. */
  missing: number;
  /** Events HQ refused or found in conflict. */
  refused: number;
  lastClose: { businessDate: string; closedAt: string; varianceFen: number | null; pendingOverride: boolean } | null;
}

export interface StatusView {
  generatedAt: string;
  backend: string;
  stores: { storeId: string; code: string; name: string; groupId: string | null; timeZone: string }[];
  terminals: TerminalStatus[];
  rejections: { terminalId: string; receivedAt: string; type: string; code: string; message: string }[];
  /** Sales whose promotions HQ could not honour at the re-check (newest 20; docs/payments.md#promotions). */
  promotionFlags: { saleId: string; terminalId: string; receiptNo: string; soldAt: string; receivedAt: string; flag: string }[];
  /** Per store: confirmed sales per local hour (0-23) of today in the store's time zone. */
  hourly: { storeCode: string; date: string; counts: number[]; amountsFen: number[] }[];
}

export async function statusView(ctx: HqContext): Promise<StatusView> {
  const { repos } = ctx;
  const now = ctx.now();
  const stores = await repos.stores.listStores();
  const storeById = new Map(stores.map((s) => [s.store_id, s]));
  const terminals = await repos.terminals.listAll();
  const refused = new Map(
    (
      await repos.db.all<{ terminal_id: string; n: number }>(
        "SELECT terminal_id, count(*) AS n FROM events WHERE status IN ('rejected', 'conflict') GROUP BY terminal_id",
      )
    ).map((r) => [r.terminal_id, r.n]),
  );
  const above = new Map(
    (await repos.db.all<{ terminal_id: string; n: number }>('SELECT terminal_id, count(*) AS n FROM terminal_seqs_received GROUP BY terminal_id')).map((r) => [
      r.terminal_id,
      r.n,
    ]),
  );
  const closes = await repos.db.all<{ terminal_id: string; business_date: string; closed_at: string; z_report_json: string; pending_override: number }>(
    `SELECT d.terminal_id, d.business_date, d.closed_at, d.z_report_json, d.pending_override FROM day_closes d
     WHERE d.business_date = (SELECT max(business_date) FROM day_closes e WHERE e.terminal_id = d.terminal_id)`,
  );
  const lastClose = new Map(closes.map((c) => [c.terminal_id, c]));

  const rejections = (
    await repos.db.all<{ terminal_id: string; received_at: string; type: string; result_json: string }>(
      "SELECT terminal_id, received_at, type, result_json FROM events WHERE status IN ('rejected', 'conflict') ORDER BY received_at DESC, rowid DESC LIMIT 20",
    )
  ).map((r) => {
    const res = JSON.parse(r.result_json) as EventResult;
    const code = res.status === 'confirmed' ? '' : res.code;
    const message = res.status === 'confirmed' ? '' : res.messageEn;
    return { terminalId: r.terminal_id, receivedAt: r.received_at, type: r.type, code, message };
  });

  // Today's sales: everything sold since the earliest local midnight of any store (at most 14 h before UTC midnight).
  const since = new Date(now.getTime() - 36 * 3_600_000).toISOString();
  const sold = await repos.db.all<{ store_id: string; sold_at: string; price_fen: number }>(
    `SELECT t.store_id, s.sold_at, s.price_fen FROM sales s JOIN terminals t ON t.terminal_id = s.terminal_id
     WHERE s.status = 'confirmed' AND s.sold_at >= ?`,
    [since],
  );
  const hourly = stores.map((s) => {
    const today = localParts(now, s.time_zone);
    const date = `${today.year}-${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
    const counts = new Array<number>(24).fill(0);
    const amountsFen = new Array<number>(24).fill(0);
    for (const row of sold) {
      if (row.store_id !== s.store_id) continue;
      const p = localParts(new Date(row.sold_at), s.time_zone);
      if (p.year !== today.year || p.month !== today.month || p.day !== today.day) continue;
      counts[p.hour]! += 1;
      amountsFen[p.hour]! += row.price_fen;
    }
    return { storeCode: s.code, date, counts, amountsFen };
  });

  return {
    generatedAt: now.toISOString(),
    backend: repos.db.backend,
    stores: stores.map((s) => ({ storeId: s.store_id, code: s.code, name: s.name, groupId: s.group_id ?? null, timeZone: s.time_zone })),
    terminals: terminals.map((t) => {
      const c = lastClose.get(t.terminal_id);
      const z = c ? (JSON.parse(c.z_report_json) as { cash?: { varianceFen?: number | null } }) : null;
      return {
        terminalId: t.terminal_id,
        storeCode: storeById.get(t.store_id)?.code ?? t.store_id,
        name: t.name,
        active: t.active === 1,
        lastContact: t.last_seen_at ?? null,
        lastSeq: t.last_seq,
        missing: Math.max(0, t.last_seq - t.contiguous_seq - (above.get(t.terminal_id) ?? 0)),
        refused: refused.get(t.terminal_id) ?? 0,
        lastClose: c
          ? { businessDate: c.business_date, closedAt: c.closed_at, varianceFen: z?.cash?.varianceFen ?? null, pendingOverride: c.pending_override === 1 }
          : null,
      };
    }),
    rejections,
    promotionFlags: (await repos.sales.listPromotionFlagged(20)).map((f) => ({
      saleId: f.sale_id,
      terminalId: f.terminal_id,
      receiptNo: f.receipt_no,
      soldAt: f.sold_at,
      receivedAt: f.received_at,
      flag: f.promotion_flag ?? '',
    })),
    hourly,
  };
}
