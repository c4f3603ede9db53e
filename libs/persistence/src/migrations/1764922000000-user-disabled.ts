import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';

/** A user can be disabled: refused at login and on every request, tokens already issued included. */
export class UserDisabled1764922000000 implements MigrationInterface {
  name = 'UserDisabled1764922000000';

  async up(q: QueryRunner): Promise<void> {
    await q.addColumn('app_user', new TableColumn({ name: 'disabled', type: 'integer', default: 0 }));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('app_user', 'disabled');
  }
}
