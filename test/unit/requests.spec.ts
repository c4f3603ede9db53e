import { describe, expect, it } from '@jest/globals';
import { AppError, decisionSchemas, openApiRequestSchemas, pageSchemas, QUERY_SCHEMAS, REQUEST_SCHEMAS } from '../../libs/domain/src';
import { parseOr400 } from '../../apps/api/src/common/validation';

const refusal = (f: () => unknown): AppError => {
  try {
    f();
  } catch (err) {
    return err as AppError;
  }
  throw new Error('not refused');
};

describe('one validation system: request shapes in libs/domain, parsed by the API, served to the pages', () => {
  it('every request body and every decision is published as JSON Schema, for OpenAPI and for the pages', () => {
    const kinds = Object.keys(decisionSchemas);
    expect(Object.keys(openApiRequestSchemas())).toEqual([...Object.keys(REQUEST_SCHEMAS), ...kinds.map((k) => `Decision_${k}`)]);
    expect(Object.keys(pageSchemas())).toEqual([...Object.keys(REQUEST_SCHEMAS), 'nomination', ...kinds]);
    for (const schemas of [openApiRequestSchemas(), pageSchemas()]) expect(schemas.vote).toMatchObject({ type: 'object', required: ['choices'], additionalProperties: false });
    expect(pageSchemas().objection).toMatchObject({ properties: { name: { maxLength: 64 }, contact: { maxLength: 128 }, reason: { maxLength: 2000 } } });
    expect(pageSchemas().nomination).toEqual(pageSchemas()['redblack.nominate']);
  });

  it('a refused request is a 400 naming its fields in Chinese and English; unknown fields are refused, never dropped', () => {
    const e = refusal(() => parseOr400(REQUEST_SCHEMAS.contractStart, { villageId: 'v'.repeat(33), title: ' ', counterparty: 'x', amountFen: 1.5, summary: 's', extra: 1 }));
    expect(e).toBeInstanceOf(AppError);
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/^请求参数有误 \/ invalid request: /);
    for (const field of ['villageId', 'title', 'amountFen']) expect(e.message).toContain(`${field}: `);
    expect(e.message).toContain('extra');
    expect(parseOr400(REQUEST_SCHEMAS.taskCompletion, { decision: { approve: true } })).toEqual({ decision: { approve: true } });
    expect(refusal(() => parseOr400(REQUEST_SCHEMAS.taskCompletion, { decision: [] })).kind).toBe('invalid');
  });

  it('query strings: whole numbers are read from their digits only, within their range', () => {
    expect(parseOr400(QUERY_SCHEMAS.lists, { year: '2026', quarter: '2' })).toEqual({ year: 2026, quarter: 2 });
    for (const year of ['2026.0', '0x7EA', ' 2026', '1999', '']) expect(refusal(() => parseOr400(QUERY_SCHEMAS.lists, { year })).kind).toBe('invalid');
    expect(refusal(() => parseOr400(QUERY_SCHEMAS.disputeStats, { quarter: '1' })).message).toContain('quarter: quarter needs a year');
    expect(parseOr400(QUERY_SCHEMAS.inbox, undefined)).toEqual({});
  });
});
