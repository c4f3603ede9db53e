import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const primary = (c: TableColumnOptions): TableColumnOptions => ({ ...c, isPrimary: true });

/** R1–R5 红黑榜: ballots and votes, public notices and objections, final list entries. */
export class RedBlack1764749000000 implements MigrationInterface {
  name = 'RedBlack1764749000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'redblack_ballot',
        columns: [primary(str('id', 191)), str('procedure_id', 191), str('village_id', 32), int('round'), str('status', 16), time('opened_at'), time('closes_at'), time('closed_at', true), text('nominees'), text('voters'), text('result', true)],
        indices: [
          new TableIndex({ name: 'ix_redblack_ballot_status', columnNames: ['status', 'village_id'] }),
          new TableIndex({ name: 'ix_redblack_ballot_procedure', columnNames: ['procedure_id'] }),
        ],
      }),
    );
    await q.createTable(new Table({ name: 'redblack_vote', columns: [primary(str('ballot_id', 191)), primary(str('voter_id', 64)), text('choices'), time('cast_at')] }));
    await q.createTable(
      new Table({
        name: 'redblack_notice',
        columns: [primary(str('id', 191)), str('procedure_id', 191), str('village_id', 32), int('year'), int('quarter'), str('status', 16), time('published_at'), time('ends_at'), text('entries')],
        indices: [new TableIndex({ name: 'ix_redblack_notice_status', columnNames: ['status'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redblack_objection',
        columns: [primary(str('id', 191)), str('notice_id', 191), str('nominee_id', 32), str('name', 64), str('contact', 128), text('reason'), time('filed_at')],
        indices: [new TableIndex({ name: 'ix_redblack_objection_notice', columnNames: ['notice_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redblack_list_entry',
        columns: [
          primary(str('id', 191)),
          str('procedure_id', 191),
          str('village_id', 32),
          int('year'),
          int('quarter'),
          str('nominee_id', 32),
          str('name', 64),
          str('color', 16),
          str('category', 64),
          int('poor_household'),
          text('reason'),
          time('created_at'),
        ],
        indices: [new TableIndex({ name: 'ix_redblack_list_quarter', columnNames: ['year', 'quarter', 'village_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['redblack_list_entry', 'redblack_objection', 'redblack_notice', 'redblack_vote', 'redblack_ballot']) await q.dropTable(t);
  }
}
