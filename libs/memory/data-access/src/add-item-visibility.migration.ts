import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who may be quoted each item: `public` < `internal` < `restricted` (see `visibilities` in
 * @agora/contracts). Every row stored before this column existed becomes `internal`, and so does
 * any row written without one: nobody vouched that it may be quoted to a customer, and staff
 * steps kept seeing it as before. Documents meant for customers are posted again as `public`.
 */
export class AddItemVisibility1768000000000 implements MigrationInterface {
  name = 'AddItemVisibility1768000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `alter table items add column visibility text not null default 'internal'
         constraint items_visibility_check check (visibility in ('public', 'internal', 'restricted'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table items drop column visibility`);
  }
}
