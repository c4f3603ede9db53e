// What the assessment and reward workflows share (R6–R8).
import { candidateFor, scoreToTenths, type ScoreSheet } from '../../libs/domain/src';

export const townOffice = () => [candidateFor('TOWN_OFFICE', null)];
export const leadership = () => [candidateFor('TOWN_LEADERSHIP', null)];

/** A score sheet as the rows the store records. */
export const toRows = (scores: ScoreSheet['scores']) => scores.map((s) => ({ villageId: s.villageId, scoreTenths: scoreToTenths(s.score)!, note: s.note ?? null }));
