import { Module } from '@nestjs/common';
import { ProcedureActivities, TaskActivities } from '../../../activities';
import { ConfigModule } from '../../../libs/config/src';
import { MailModule } from '../../../libs/mail/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({
  imports: [ConfigModule, PersistenceModule, MailModule],
  providers: [TaskActivities, ProcedureActivities, TemporalWorkerService],
})
export class WorkerModule {}
