import type { PgMigration } from '.';

/** PostgreSQL twin of SQLite 0009-promotions. */
export const migration: PgMigration = {
  version: 9,
  name: '0009-promotions',
  sql: `
    CREATE TABLE promotions (
      promotion_id text PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('percentOff', 'fixedPrice', 'spendSave')),
      data_json text NOT NULL,
      set_version bigint NOT NULL,
      created_at text NOT NULL,
      updated_at text NOT NULL
    );
    ALTER TABLE sales ADD COLUMN list_price_fen bigint;
    ALTER TABLE sales ADD COLUMN promotions_json text;
    ALTER TABLE sales ADD COLUMN promotion_set_version bigint;
    ALTER TABLE sales ADD COLUMN promotion_check text CHECK (promotion_check IN ('honoured', 'flagged'));
    ALTER TABLE sales ADD COLUMN promotion_flag text;
    CREATE INDEX sales_promotion_flagged ON sales(received_at) WHERE promotion_check = 'flagged';
  `,
};
