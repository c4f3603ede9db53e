import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('village')
export class VillageEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;
}
