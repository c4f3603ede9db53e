import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/src';
import { openDatabase } from './data-source';
import { PolicyStore } from './stores/policy.store';
import { ProcedureStore } from './stores/procedure.store';
import { TaskStore } from './stores/task.store';
import { UserDirectory } from './stores/user.directory';
import { DisputeStore } from './stores/dispute.store';
import { MailOutboxStore } from './stores/mail-outbox.store';
import { RedBlackStore } from './stores/red-black.store';
import { AssessmentStore } from './stores/assessment.store';

/** Closes the database connections when the application shuts down. */
@Injectable()
class DatabaseShutdown implements OnApplicationShutdown {
  constructor(private readonly ds: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.ds.isInitialized) await this.ds.destroy();
  }
}

@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [AppConfig], useFactory: (config: AppConfig) => openDatabase(config.database.url) },
    TaskStore,
    ProcedureStore,
    UserDirectory,
    PolicyStore,
    DisputeStore,
    MailOutboxStore,
    RedBlackStore,
    AssessmentStore,
    DatabaseShutdown,
  ],
  exports: [DataSource, TaskStore, ProcedureStore, UserDirectory, PolicyStore, DisputeStore, MailOutboxStore, RedBlackStore, AssessmentStore],
})
export class PersistenceModule {}
