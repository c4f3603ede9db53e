import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** R4: an assembly ballot of one red/black procedure; the eligible voters are fixed when it opens. */
@Entity('redblack_ballot')
@Index('ix_redblack_ballot_status', ['status', 'villageId'])
@Index('ix_redblack_ballot_procedure', ['procedureId'])
export class BallotEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'integer' })
  round: number;

  @Column({ type: 'varchar', length: 16 })
  /** pending until the workflow holds the ballot, then open, then closed. */
  status: 'pending' | 'open' | 'closed';

  @Column({ name: 'opened_at', type: 'datetime', precision: 3 })
  openedAt: Date;

  @Column({ name: 'closes_at', type: 'datetime', precision: 3 })
  closesAt: Date;

  @Column({ name: 'closed_at', type: 'datetime', precision: 3, nullable: true })
  closedAt: Date | null;

  @Column({ type: 'simple-json' })
  nominees: any[];

  @Column({ type: 'simple-json' })
  voters: string[];

  @Column({ type: 'simple-json', nullable: true })
  result: any;
}

/** One representative's vote on a ballot: one row per voter, replaced when the vote is changed. */
@Entity('redblack_vote')
export class VoteEntity {
  @PrimaryColumn({ name: 'ballot_id', type: 'varchar', length: 191 })
  ballotId: string;

  @PrimaryColumn({ name: 'voter_id', type: 'varchar', length: 64 })
  voterId: string;

  @Column({ type: 'simple-json' })
  choices: { nomineeId: string; choice: 'agree' | 'disagree' | 'abstain' }[];

  @Column({ name: 'cast_at', type: 'datetime', precision: 3 })
  castAt: Date;
}

/** R5: the public notice (公示) of a quarter's result. */
@Entity('redblack_notice')
@Index('ix_redblack_notice_status', ['status'])
export class NoticeEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  /** open while objections are filed; reviewing once the workflow has closed the intake; closed when final. */
  @Column({ type: 'varchar', length: 16 })
  status: 'open' | 'reviewing' | 'closed';

  @Column({ name: 'published_at', type: 'datetime', precision: 3 })
  publishedAt: Date;

  @Column({ name: 'ends_at', type: 'datetime', precision: 3 })
  endsAt: Date;

  @Column({ type: 'simple-json' })
  entries: any[];

  /** R5 caps from the procedure's policy snapshot; null on notices published before they existed (the defaults apply). */
  @Column({ name: 'objection_cap', type: 'integer', nullable: true })
  objectionCap: number | null;

  @Column({ name: 'contact_cap', type: 'integer', nullable: true })
  contactCap: number | null;
}

/** R5: an objection from the public against one nominee on a notice. */
@Entity('redblack_objection')
@Index('ix_redblack_objection_notice', ['noticeId'])
@Index('ix_redblack_objection_contact', ['noticeId', 'contactKey'])
@Index('ix_redblack_objection_batch', ['noticeId', 'batch'])
export class ObjectionEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'notice_id', type: 'varchar', length: 191 })
  noticeId: string;

  @Column({ name: 'nominee_id', type: 'varchar', length: 32 })
  nomineeId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 128 })
  contact: string;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'filed_at', type: 'datetime', precision: 3 })
  filedAt: Date;

  /** The contact as counted for the per-contact cap (see contactKey). */
  @Column({ name: 'contact_key', type: 'varchar', length: 128, nullable: true })
  contactKey: string | null;

  /** Which of the workflow's intake batches took it; null until taken, 0 when it came by the retired Update path. */
  @Column({ type: 'integer', nullable: true })
  batch: number | null;
}

/** R1/R9: a final list entry of a village's quarter. */
@Entity('redblack_list_entry')
@Index('ix_redblack_list_quarter', ['year', 'quarter', 'villageId'])
export class ListEntryEntity {
  @PrimaryColumn({ type: 'varchar', length: 191 })
  id: string;

  @Column({ name: 'procedure_id', type: 'varchar', length: 191 })
  procedureId: string;

  @Column({ name: 'village_id', type: 'varchar', length: 32 })
  villageId: string;

  @Column({ type: 'integer' })
  year: number;

  @Column({ type: 'integer' })
  quarter: number;

  @Column({ name: 'nominee_id', type: 'varchar', length: 32 })
  nomineeId: string;

  @Column({ type: 'varchar', length: 64 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  color: 'red' | 'black';

  @Column({ type: 'varchar', length: 64 })
  category: string;

  @Column({ name: 'poor_household', type: 'integer', transformer: { to: (v: boolean) => (v ? 1 : 0), from: (v: number) => Boolean(v) } })
  poorHousehold: boolean;

  @Column({ type: 'text' })
  reason: string;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt: Date;
}
