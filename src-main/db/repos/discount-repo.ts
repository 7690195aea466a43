import type { PromotionKind, PromotionLine } from '../../../src-shared/domain/promotions';
import type { Db } from '../../../src-node/db/connection';

export interface SaleDiscountRow {
  sale_id: string;
  line_no: number;
  promotion_id: string;
  kind: PromotionKind;
  name_zh: string;
  name_en: string;
  discount_fen: number;
  promotion_set_version: number;
}

/** The promotions that took something off each sale (ledger table sale_discounts, migration 0013). */
export function createDiscountRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO sale_discounts (sale_id, line_no, promotion_id, kind, name_zh, name_en, discount_fen, promotion_set_version)
    VALUES (@sale_id, @line_no, @promotion_id, @kind, @name_zh, @name_en, @discount_fen, @promotion_set_version)`);
  const bySale = db.prepare<[string], SaleDiscountRow>('SELECT * FROM sale_discounts WHERE sale_id = ? ORDER BY line_no');
  // the sales that stand (not voided) of one business day, per promotion, in the order first used
  const totals = db.prepare<[string], { promotion_id: string; name_zh: string; name_en: string; count: number; amount_fen: number }>(
    `SELECT d.promotion_id, min(d.name_zh) AS name_zh, min(d.name_en) AS name_en, count(*) AS count, sum(d.discount_fen) AS amount_fen
       FROM sale_discounts d JOIN sales s ON s.sale_id = d.sale_id
      WHERE s.business_date = ? AND s.voided_at IS NULL
      GROUP BY d.promotion_id ORDER BY min(s.receipt_seq), d.promotion_id`,
  );
  return {
    insertDiscounts(saleId: string, lines: readonly PromotionLine[], setVersion: number): void {
      lines.forEach((l, i) =>
        insert.run({ sale_id: saleId, line_no: i + 1, promotion_id: l.promotionId, kind: l.kind, name_zh: l.nameZh, name_en: l.nameEn, discount_fen: l.discountFen, promotion_set_version: setVersion }),
      );
    },
    discountsOfSale(saleId: string): PromotionLine[] {
      return bySale.all(saleId).map((r) => ({ promotionId: r.promotion_id, kind: r.kind, nameZh: r.name_zh, nameEn: r.name_en, discountFen: r.discount_fen }));
    },
    /** Z report: discounts of the day's standing sales per promotion. */
    totalsForDay(businessDate: string): { promotionId: string; nameZh: string; nameEn: string; count: number; amountFen: number }[] {
      return totals.all(businessDate).map((r) => ({ promotionId: r.promotion_id, nameZh: r.name_zh, nameEn: r.name_en, count: r.count, amountFen: r.amount_fen }));
    },
  };
}
export type DiscountRepo = ReturnType<typeof createDiscountRepo>;
