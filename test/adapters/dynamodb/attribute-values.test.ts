import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { expect } from 'chai';
import fc from 'fast-check';
import { booleanValue, keyAttributes, numberValue, stringValue } from '../../../adapters/dynamodb/attribute-values';
import { auditKey } from '../../../adapters/dynamodb/table-keys';

describe('adapters/dynamodb/attribute-values: the wire format, written by hand', () => {
  it('writes numbers, strings and booleans exactly as marshall does, and unmarshall reads them back', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.maxSafeInteger(), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e15, max: 1e15 })),
        fc.string(),
        fc.boolean(),
        (n, s, b) => {
          const item = { n: numberValue(n), s: stringValue(s), b: booleanValue(b) };
          expect(item).to.deep.equal(marshall({ n, s, b }));
          expect(unmarshall(item)).to.deep.equal({ n: n === 0 ? 0 : n, s, b });
        },
      ),
    );
  });

  it('refuses, like marshall, numbers DynamoDB would not give back exactly', () => {
    for (const n of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MAX_SAFE_INTEGER + 2, -(2 ** 60)]) {
      expect(() => numberValue(n), String(n)).to.throw(RangeError);
      expect(() => marshall({ n }), String(n)).to.throw();
    }
  });

  it('writes an item key as two strings', () => {
    const key = auditKey('k', Date.parse('2026-11-23T10:00:00Z'), 'req-1');
    expect(keyAttributes(key)).to.deep.equal(marshall(key));
  });
});
