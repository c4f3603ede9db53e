import { TableColumn, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';
import { contactKey } from '../../../domain/src';

/**
 * R5 objections as rows: caps on the notice, the contact key they are counted by, and the intake
 * batch that took each. Objections already stored came by the Update path, which had taken them.
 */
export class ObjectionIntake1764922100000 implements MigrationInterface {
  name = 'ObjectionIntake1764922100000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('redblack_notice', [
      new TableColumn({ name: 'objection_cap', type: 'integer', isNullable: true }),
      new TableColumn({ name: 'contact_cap', type: 'integer', isNullable: true }),
    ]);
    await q.addColumns('redblack_objection', [
      new TableColumn({ name: 'contact_key', type: 'varchar', length: '128', isNullable: true }),
      new TableColumn({ name: 'batch', type: 'integer', isNullable: true }),
    ]);
    const rows: { id: string; contact: string }[] = await q.query('SELECT id, contact FROM redblack_objection');
    for (const r of rows) await q.query('UPDATE redblack_objection SET contact_key = ?, batch = 0 WHERE id = ?', [contactKey(r.contact), r.id]);
    await q.createIndices('redblack_objection', [
      new TableIndex({ name: 'ix_redblack_objection_contact', columnNames: ['notice_id', 'contact_key'] }),
      new TableIndex({ name: 'ix_redblack_objection_batch', columnNames: ['notice_id', 'batch'] }),
    ]);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('redblack_objection', 'ix_redblack_objection_batch');
    await q.dropIndex('redblack_objection', 'ix_redblack_objection_contact');
    await q.dropColumns('redblack_objection', ['batch', 'contact_key']);
    await q.dropColumns('redblack_notice', ['contact_cap', 'objection_cap']);
  }
}
