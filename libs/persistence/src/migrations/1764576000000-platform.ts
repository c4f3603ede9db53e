import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const primary = (c: TableColumnOptions): TableColumnOptions => ({ ...c, isPrimary: true });

/** Users, villages, the human-task store, procedures and their history, policy versions, audit. */
export class Platform1764576000000 implements MigrationInterface {
  name = 'Platform1764576000000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(new Table({ name: 'village', columns: [primary(str('id', 32)), str('name', 64)] }));
    await q.createTable(
      new Table({
        name: 'app_user',
        columns: [primary(str('id', 64)), str('username', 64), str('name', 64), str('email', 191, true), str('password_hash', 255)],
        indices: [new TableIndex({ name: 'uq_user_username', columnNames: ['username'], isUnique: true })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'user_role',
        columns: [primary(str('user_id', 64)), primary(str('role', 32)), primary(str('scope', 32))],
        indices: [new TableIndex({ name: 'ix_user_role_scope', columnNames: ['role', 'scope'] })],
        foreignKeys: [{ name: 'fk_user_role_user', columnNames: ['user_id'], referencedTableName: 'app_user', referencedColumnNames: ['id'], onDelete: 'CASCADE', onUpdate: 'NO ACTION' }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'task',
        columns: [
          primary(str('id', 191)),
          str('kind', 64),
          str('title', 255),
          str('village_id', 32, true),
          str('procedure_id', 191),
          str('status', 16),
          time('due_at', true),
          text('payload'),
          text('decision', true),
          text('decision_comment', true),
          str('completed_by', 64, true),
          time('completed_at', true),
          time('created_at'),
          time('mailed_at', true),
        ],
        indices: [
          new TableIndex({ name: 'ix_task_procedure', columnNames: ['procedure_id'] }),
          new TableIndex({ name: 'ix_task_completed_by', columnNames: ['completed_by', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'task_candidate',
        columns: [
          primary(str('task_id', 191)),
          primary(str('role', 32)),
          primary(str('scope', 64)),
          str('status', 16),
          time('sort_due'),
          str('village_id', 32, true),
          str('kind', 64),
        ],
        // The inbox reads only these: a range per candidate key, in inbox order with the filters
        // covered, and the same range in a narrow index for the total.
        indices: [
          new TableIndex({ name: 'ix_task_candidate_inbox', columnNames: ['role', 'scope', 'status', 'sort_due', 'task_id', 'kind', 'village_id'] }),
          new TableIndex({ name: 'ix_task_candidate_count', columnNames: ['role', 'scope', 'status'] }),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
          time('at'),
          str('actor_id', 64),
          str('action', 64),
          str('procedure_id', 191, true),
          str('task_id', 191, true),
          text('detail'),
        ],
        indices: [new TableIndex({ name: 'ix_audit_procedure', columnNames: ['procedure_id'] })],
      }),
    );
    await q.createTable(
      new Table({ name: 'policy_version', columns: [primary(int('version')), time('created_at'), str('created_by', 64), text('body')] }),
    );
    await q.createTable(
      new Table({
        name: 'procedure',
        columns: [
          primary(str('id', 191)),
          str('type', 32),
          str('village_id', 32, true),
          str('title', 255),
          str('stage', 32),
          str('started_by', 64),
          int('policy_version'),
          text('details'),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [new TableIndex({ name: 'ix_procedure_village', columnNames: ['village_id', 'type'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'procedure_event',
        columns: [primary(str('id', 191)), str('procedure_id', 191), time('at'), str('type', 64), str('message', 500), str('actor_id', 64, true), text('detail')],
        indices: [new TableIndex({ name: 'ix_procedure_event_procedure', columnNames: ['procedure_id', 'at'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['procedure_event', 'procedure', 'policy_version', 'audit_log', 'task_candidate', 'task', 'user_role', 'app_user', 'village']) {
      await q.dropTable(t);
    }
  }
}
