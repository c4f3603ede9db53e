import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig, ConfigModule } from '../../../libs/config/src';
import { PersistenceModule } from '../../../libs/persistence/src';
import { TemporalClientModule } from '../../../libs/temporal/src';
import { AccessGuard } from './access/access.guard';
import { ResourceVillages } from './access/resource-villages';
import { AuthController } from './auth/auth.controller';
import { AuthGuard } from './auth/auth.guard';
import { LoginAttempts } from './auth/login-attempts';
import { PasswordHasher } from './auth/password-hasher';
import { ErrorFilter } from './common/error.filter';
import { RATE_LIMITS } from './common/rate-limit';
import { BoundedThrottlerStorage } from './common/throttler-storage';
import { DirectoryController } from './directory/directory.controller';
import { HealthController } from './health/health.controller';
import { PolicyController } from './policy/policy.controller';
import { ProceduresController } from './procedures/procedures.controller';
import { ProcedureStarter } from './procedures/procedure-starter';
import { ProceduresService } from './procedures/procedures.service';
import { TaskCompletionGateway } from './tasks/task-completion.gateway';
import { TasksController } from './tasks/tasks.controller';
import { TasksService } from './tasks/tasks.service';
import { MediationController } from './disputes/mediation.controller';
import { MediationRiskGateway } from './disputes/mediation-risk.gateway';
import { MediationService } from './disputes/mediation.service';
import { AssessmentController } from './assessment/assessment.controller';
import { AssessmentService } from './assessment/assessment.service';
import { RedBlackController } from './red-black/red-black.controller';
import { RedBlackService } from './red-black/red-black.service';
import { SchemasController } from './schemas/schemas.controller';

@Module({
  imports: [
    ConfigModule,
    PersistenceModule,
    TemporalClientModule,
    TerminusModule,
    JwtModule.registerAsync({
      global: true,
      inject: [AppConfig],
      // A KeyObject makes each token check about 40 times cheaper than a string secret. One
      // algorithm, issuer and audience for signing and checking: `alg: none`, another algorithm or
      // a token meant for another deployment is refused.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.auth.jwtSecret)),
        signOptions: { algorithm: 'HS256', expiresIn: config.auth.jwtTtlSeconds, issuer: config.auth.issuer, audience: config.auth.audience },
        verifyOptions: { algorithms: ['HS256'], issuer: config.auth.issuer, audience: config.auth.audience },
      }),
    }),
    // Only routes marked @RateLimit(...) are counted, each with its own entry in RATE_LIMITS.
    ThrottlerModule.forRoot({ throttlers: [RATE_LIMITS.login], storage: new BoundedThrottlerStorage(), setHeaders: false }),
  ],
  controllers: [AuthController, DirectoryController, TasksController, ProceduresController, PolicyController, HealthController, MediationController, AssessmentController, RedBlackController, SchemasController],
  providers: [
    PasswordHasher,
    LoginAttempts,
    TasksService,
    TaskCompletionGateway,
    ProcedureStarter,
    ProceduresService,
    MediationService,
    MediationRiskGateway,
    AssessmentService,
    RedBlackService,
    ResourceVillages,
    { provide: APP_GUARD, useClass: AuthGuard },
    // After authentication: the access table decides who may call each route.
    { provide: APP_GUARD, useClass: AccessGuard },
    { provide: APP_FILTER, useClass: ErrorFilter },
  ],
})
export class AppModule {}
