import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const text = (name: string): TableColumnOptions => ({ name, type: 'text', isNullable: false });
const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });

/** R10 dispute cases and their timelines. */
export class Mediation1764662400000 implements MigrationInterface {
  name = 'Mediation1764662400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'dispute_case',
        columns: [
          { ...str('id', 191), isPrimary: true },
          str('village_id', 32),
          str('category', 32),
          text('summary'),
          text('details'),
          str('status', 32),
          int('tier'),
          str('level', 16),
          time('due_at', true),
          str('registered_by', 64),
          time('registered_at'),
          time('updated_at'),
          time('closed_at', true),
          str('outcome', 32, true),
          int('policy_version'),
        ],
        indices: [
          new TableIndex({ name: 'ix_dispute_case_village', columnNames: ['village_id', 'status'] }),
          new TableIndex({ name: 'ix_dispute_case_registered', columnNames: ['registered_at'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'dispute_event',
        columns: [
          { ...str('id', 191), isPrimary: true },
          str('case_id', 191),
          str('village_id', 32),
          time('at'),
          str('type', 32),
          int('tier', true),
          str('reason', 32, true),
          str('actor_id', 64, true),
          str('message', 500),
          text('detail'),
        ],
        indices: [
          new TableIndex({ name: 'ix_dispute_event_case', columnNames: ['case_id', 'at'] }),
          new TableIndex({ name: 'ix_dispute_event_type', columnNames: ['type', 'at'] }),
        ],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropTable('dispute_event');
    await q.dropTable('dispute_case');
  }
}
