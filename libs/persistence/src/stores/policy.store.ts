import { Injectable } from '@nestjs/common';
import { row } from './row';
import { DataSource } from 'typeorm';
import { DEFAULT_POLICY, type Policy } from '../../../domain/src';
import { PolicyEntity } from '../entities';
import { writeTransaction } from './lock';

export interface PolicyVersion {
  version: number;
  createdAt: Date;
  policy: Policy;
}

/** Versioned policy: every change is a new version; version 1 is the default from the work plan. */
@Injectable()
export class PolicyStore {
  constructor(private readonly ds: DataSource) {}

  async current(): Promise<PolicyVersion> {
    const row = await this.ds.getRepository(PolicyEntity).findOne({ where: {}, order: { version: 'DESC' } });
    if (row) return { version: row.version, createdAt: row.createdAt, policy: row.body };
    return this.save(DEFAULT_POLICY, 'system');
  }

  async save(policy: Policy, createdBy: string, now = new Date()): Promise<PolicyVersion> {
    return writeTransaction(
      this.ds,
      async (m) => {
        const last = await m.findOne(PolicyEntity, { where: {}, order: { version: 'DESC' } });
        const version = (last?.version ?? 0) + 1;
        await m.insert(PolicyEntity, row<PolicyEntity>({ version, createdAt: now, createdBy, body: policy }));
        return { version, createdAt: now, policy };
      },
      'SERIALIZABLE',
    );
  }
}
