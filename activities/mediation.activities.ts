import { Injectable } from '@nestjs/common';
import type { Candidate } from '../libs/domain/src';
import { Mailer } from '../libs/mail/src';
import { DisputeStore, type CaseEventInput, type CaseRegistration } from '../libs/persistence/src';

export interface CaseMail {
  to: Candidate[];
  subject: string;
  lead: string;
}

/** R10 dispute cases: the read model and the case's mail, written from the mediation workflow. */
@Injectable()
export class MediationActivities {
  constructor(
    private readonly store: DisputeStore,
    private readonly mailer: Mailer,
  ) {}

  async registerCase(c: CaseRegistration): Promise<void> {
    await this.store.register(c);
  }

  /** Writes a timeline event once (and its change to the case); its mail is queued under the event's id, so once, also after a retry. */
  async recordCaseEvent(input: CaseEventInput & { mail?: CaseMail }): Promise<void> {
    const { mail, ...event } = input;
    await this.store.record(event);
    if (!mail) return;
    await this.mailer.caseEvent(mail.to, { caseId: event.caseId, eventId: event.eventId, subject: mail.subject, lead: mail.lead, message: event.message });
  }
}
