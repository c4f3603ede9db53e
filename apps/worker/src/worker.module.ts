import { Module } from '@nestjs/common';
import { ACTIVITY_CLASSES } from '../../../activities';
import { ConfigModule } from '../../../libs/config/src';
import { MailModule } from '../../../libs/mail/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { TemporalWorkerService } from './temporal-worker.service';
import { RedBlackSchedulesService } from './red-black-schedules.service';
import { MailDispatcherService } from './mail-dispatcher.service';

@Module({
  imports: [ConfigModule, PersistenceModule, MailModule],
  providers: [...ACTIVITY_CLASSES, TemporalWorkerService, RedBlackSchedulesService, MailDispatcherService],
})
export class WorkerModule {}
