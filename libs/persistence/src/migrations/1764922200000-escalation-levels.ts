import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { escalationLevels } from '../../../domain/src';

/**
 * The levels an escalation event climbs from and to, as columns of the case timeline (the statistics
 * count village-to-town escalations by them). Events stored before carry them in their JSON detail.
 */
export class EscalationLevels1764922200000 implements MigrationInterface {
  name = 'EscalationLevels1764922200000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumns('dispute_event', [
      new TableColumn({ name: 'from_level', type: 'varchar', length: '16', isNullable: true }),
      new TableColumn({ name: 'to_level', type: 'varchar', length: '16', isNullable: true }),
    ]);
    const rows: { id: string; detail: string }[] = await q.query(`SELECT id, detail FROM dispute_event WHERE type = 'escalated'`);
    for (const r of rows) {
      const { fromLevel, toLevel } = escalationLevels(JSON.parse(r.detail));
      await q.query('UPDATE dispute_event SET from_level = ?, to_level = ? WHERE id = ?', [fromLevel, toLevel, r.id]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumns('dispute_event', ['to_level', 'from_level']);
  }
}
