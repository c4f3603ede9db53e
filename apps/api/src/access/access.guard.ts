import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import {
  accessEntry,
  AppError,
  forbidden,
  grants,
  grantsAnywhere,
  listScope,
  matchesCandidate,
  procedureGrant,
  type ResourceKind,
  type RoleGrant,
} from '../../../../libs/domain/src';
import type { AuthUser } from '../auth/current-user';
import { ResourceVillages } from './resource-villages';

const RESOURCE_PARAM: Record<ResourceKind, string> = { dispute: 'id', procedure: 'procedureId', ballot: 'id', task: 'id' };
const refuse = () => forbidden('您无权查看或办理此事项 / you may not see or do this');

/**
 * Runs after authentication on every route: the access table (libs/domain/src/access.ts) says who may
 * call it; a route missing from the table is refused. List routes get their village scope here
 * (`@ListScope()`), so services filter by it and never decide access themselves.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly resources: ResourceVillages) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest();
    const entry = accessEntry(`${req.method} ${req.route?.path}`);
    if (!entry) throw forbidden(`该接口未登记访问规则 / ${req.method} ${req.route?.path} is not in the access table`);
    const { who } = entry;
    if (who.kind === 'public') return true;
    const user: AuthUser | undefined = req.user;
    if (!user) throw new AppError('unauthorized', '请先登录 / log in first');
    switch (who.kind) {
      case 'signed-in':
        return true;
      case 'task-candidates': {
        const task = await this.resources.of('task', String(req.params.id));
        // No such task: its handler answers 404.
        if (task && !matchesCandidate(user, task.candidates!) && !(who.orCompleter && task.completedBy === user.id)) throw refuse();
        return true;
      }
      case 'procedure-roles': {
        const procedure = await this.resources.of('procedure', String(req.params.procedureId));
        if (procedure) return this.allow(grants(user, procedureGrant(who, procedure.type!), procedure.villageId));
        const union: RoleGrant = { town: Object.values(who.byType).flatMap((g) => g.town), village: Object.values(who.byType).flatMap((g) => g.village) };
        return this.allow(grantsAnywhere(user, union));
      }
      case 'roles': {
        switch (who.villageOf) {
          case 'town':
            return this.allow(grants(user, who, null));
          case 'body': {
            const villageId = req.body?.villageId;
            // Without a village the body is invalid: its handler answers 400 to a caller who may use the route.
            return this.allow(typeof villageId === 'string' ? grants(user, who, villageId) : grantsAnywhere(user, who));
          }
          case 'list': {
            const scope = listScope(user, who);
            const asked = req.query?.villageId;
            if (scope !== null && (scope.length === 0 || (typeof asked === 'string' && asked !== '' && !scope.includes(asked)))) throw refuse();
            req.accessScope = scope;
            return true;
          }
          default: {
            const found = await this.resources.of(who.villageOf, String(req.params[RESOURCE_PARAM[who.villageOf]]));
            return this.allow(found ? grants(user, who, found.villageId) : grantsAnywhere(user, who));
          }
        }
      }
    }
  }

  private allow(ok: boolean): true {
    if (!ok) throw refuse();
    return true;
  }
}
