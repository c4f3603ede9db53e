import { Table, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions } from 'typeorm';

const str = (name: string, length: number, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isNullable: nullable });
const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', precision: 3, isNullable: nullable });
const int = (name: string): TableColumnOptions => ({ name, type: 'integer' });
const primary = (c: TableColumnOptions): TableColumnOptions => ({ ...c, isPrimary: true });

/** R6–R9 考核与奖励: scores by period, the year's ranking, the reward payments, red-list villager rewards. */
export class Assessment1764835400000 implements MigrationInterface {
  name = 'Assessment1764835400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'assessment_score',
        columns: [primary(int('year')), primary(str('period', 2)), primary(str('village_id', 32)), int('score_tenths'), { name: 'note', type: 'text', isNullable: true }, str('procedure_id', 191), str('recorded_by', 64), time('recorded_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'assessment_result',
        columns: [primary(int('year')), primary(str('village_id', 32)), int('total_units'), int('rank'), int('tier'), int('village_award_fen'), int('cadre_pool_fen'), str('status', 16), int('policy_version'), time('updated_at')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'reward_payment',
        columns: [
          primary(str('id', 191)),
          int('year'),
          str('village_id', 32),
          str('plan_id', 191),
          str('kind', 16),
          str('user_id', 64, true),
          str('name', 64),
          str('duty', 100),
          int('amount_fen'),
          str('status', 16),
          time('approved_at'),
          str('paid_on', 10, true),
          str('reference', 200, true),
          time('paid_at', true),
        ],
        indices: [new TableIndex({ name: 'ix_reward_payment_year', columnNames: ['year', 'village_id'] })],
      }),
    );
    await q.createTable(
      new Table({
        name: 'redlist_reward',
        columns: [primary(str('entry_id', 191)), str('village_id', 32), int('year'), int('quarter'), str('name', 64), str('form', 100), { name: 'amount_fen', type: 'integer', isNullable: true }, str('procedure_id', 191), str('recorded_by', 64), time('recorded_at')],
        indices: [new TableIndex({ name: 'ix_redlist_reward_quarter', columnNames: ['year', 'quarter', 'village_id'] })],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['redlist_reward', 'reward_payment', 'assessment_result', 'assessment_score']) await q.dropTable(t);
  }
}
