import { Global, Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../config/src';
import { openDatabase } from './data-source';
import { PolicyStore } from './stores/policy.store';
import { ProcedureStore } from './stores/procedure.store';
import { TaskStore } from './stores/task.store';
import { UserDirectory } from './stores/user.directory';

@Global()
@Module({
  providers: [
    { provide: DataSource, inject: [AppConfig], useFactory: (config: AppConfig) => openDatabase(config.database.url) },
    TaskStore,
    ProcedureStore,
    UserDirectory,
    PolicyStore,
  ],
  exports: [DataSource, TaskStore, ProcedureStore, UserDirectory, PolicyStore],
})
export class PersistenceModule {}
