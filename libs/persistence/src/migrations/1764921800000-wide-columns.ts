import type { MigrationInterface, QueryRunner } from 'typeorm';
import { jsonType } from './json-type';

/** Money in fen: INT holds at most ¥21,474,836.47, BIGINT every amount the domain allows (MAX_FEN). */
const MONEY: [table: string, column: string][] = [
  ['assessment_result', 'village_award_fen'],
  ['assessment_result', 'cadre_pool_fen'],
  ['reward_payment', 'amount_fen'],
  ['redlist_reward', 'amount_fen'],
];

/** JSON documents: TEXT holds 64 KB on MySQL/MariaDB; task payloads and procedure details can carry more. */
const JSON_COLUMNS: [table: string, column: string][] = [
  ['audit_log', 'detail'],
  ['dispute_case', 'details'],
  ['dispute_event', 'detail'],
  ['policy_version', 'body'],
  ['procedure_event', 'detail'],
  ['procedure', 'details'],
  ['redblack_ballot', 'nominees'],
  ['redblack_ballot', 'voters'],
  ['redblack_ballot', 'result'],
  ['redblack_vote', 'choices'],
  ['redblack_notice', 'entries'],
  ['task', 'payload'],
  ['task', 'decision'],
];

/**
 * Issue 9: money columns become BIGINT (on SQLite too, where the table is rebuilt); JSON columns
 * become MEDIUMTEXT on MySQL/MariaDB (16 MB) and stay TEXT on SQLite, which has no such limit.
 */
export class WideColumns1764921800000 implements MigrationInterface {
  name = 'WideColumns1764921800000';

  async up(q: QueryRunner): Promise<void> {
    await retype(q, MONEY, 'bigint');
    if (jsonType(q) !== 'text') await retype(q, JSON_COLUMNS, jsonType(q));
  }

  async down(q: QueryRunner): Promise<void> {
    if (jsonType(q) !== 'text') await retype(q, JSON_COLUMNS, 'text');
    await retype(q, MONEY, 'integer');
  }
}

/** Changes the type of each column, keeping the rest of its definition; one rebuild per table on SQLite. */
async function retype(q: QueryRunner, columns: [string, string][], type: string): Promise<void> {
  for (const table of new Set(columns.map(([t]) => t))) {
    const current = (await q.getTable(table))!;
    const changes = columns
      .filter(([t]) => t === table)
      .map(([, name]) => {
        const oldColumn = current.findColumnByName(name)!;
        const newColumn = oldColumn.clone();
        newColumn.type = type;
        return { oldColumn, newColumn };
      });
    await q.changeColumns(current, changes);
  }
}
