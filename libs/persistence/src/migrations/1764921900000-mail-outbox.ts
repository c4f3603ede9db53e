import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';
import { jsonType } from './json-type';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const text = (name: string): TableColumnOptions => ({ name, type: 'text' });

/** Mail as an outbox (issue 9): queued once per event, delivered by the worker; the task's own "mailed" flag goes. */
export class MailOutbox1764921900000 implements MigrationInterface {
  name = 'MailOutbox1764921900000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'mail_outbox',
        columns: [
          { ...str('mail_key', 191), isPrimary: true },
          { name: 'recipients', type: jsonType(q) },
          str('subject', 255),
          text('body_text'),
          text('body_html'),
          str('status', 16),
          { name: 'attempts', type: 'integer' },
          str('last_error', 500, true),
          time('next_attempt_at'),
          str('claimed_by', 64, true),
          time('created_at'),
          time('sent_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_mail_outbox_due', columnNames: ['status', 'next_attempt_at'] })],
      }),
    );
    await q.dropColumn('task', 'mailed_at');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.addColumn('task', new TableColumn(time('mailed_at', true)));
    await q.dropTable('mail_outbox');
  }
}
