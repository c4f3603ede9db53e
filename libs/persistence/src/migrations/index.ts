import { Platform1764576000000 } from './1764576000000-platform';
import { Mediation1764662400000 } from './1764662400000-mediation';
import { RedBlack1764749000000 } from './1764749000000-red-black';
import { Assessment1764835400000 } from './1764835400000-assessment';
import { WideColumns1764921800000 } from './1764921800000-wide-columns';
import { MailOutbox1764921900000 } from './1764921900000-mail-outbox';
import { UserDisabled1764922000000 } from './1764922000000-user-disabled';
import { ObjectionIntake1764922100000 } from './1764922100000-objection-intake';
import { EscalationLevels1764922200000 } from './1764922200000-escalation-levels';

export const MIGRATIONS = [Platform1764576000000, Mediation1764662400000, RedBlack1764749000000, Assessment1764835400000, WideColumns1764921800000, MailOutbox1764921900000, UserDisabled1764922000000, ObjectionIntake1764922100000, EscalationLevels1764922200000];
