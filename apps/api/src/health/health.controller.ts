import { Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { MailOutboxStore } from '../../../../libs/persistence/src';
import { TemporalClient } from '../../../../libs/temporal/src';
import { Public } from '../auth/current-user';
import { anyObject, ApiController, ApiErrors, ApiResult, objectOf } from '../common/api-docs';

const within = <T>(ms: number, p: Promise<T>) => Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

@ApiController('health', 'health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly ds: DataSource,
    private readonly temporal: TemporalClient,
    private readonly outbox: MailOutboxStore,
  ) {}

  @Public()
  @Get()
  // The error filter answers a failed check as any 503 ({statusCode, error, message}), so terminus's own 503 schema is not the truth here.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiResult(200, { ...objectOf({ status: { type: 'string', enum: ['ok'] }, details: anyObject }), additionalProperties: true }, 'the database and Temporal answer')
  @ApiErrors(503)
  check() {
    return this.health.check([
      () => this.probe('database', () => this.ds.query('SELECT 1')),
      () => this.probe('temporal', () => this.temporal.client.workflowService.getSystemInfo({})),
      () => this.mailBacklog(),
    ]);
  }

  /** Mail not yet delivered (the worker retries it): shown, never a reason to report the service down. */
  private async mailBacklog() {
    const check = this.indicator.check('mail');
    try {
      return check.up({ ...(await within(3000, this.outbox.backlog())) });
    } catch (err) {
      return check.up({ backlog: 'unknown', message: (err as Error).message });
    }
  }

  private async probe(key: string, fn: () => Promise<unknown>) {
    const check = this.indicator.check(key);
    try {
      await within(3000, fn());
      return check.up();
    } catch (err) {
      return check.down({ message: (err as Error).message });
    }
  }
}
