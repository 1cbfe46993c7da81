import { describe, expect, it } from 'vitest';
import { parseCallbackTime } from '../../src/callbacks/index.js';

describe('parseCallbackTime', () => {
  it.each([
    ['1722834665', '2024-08-05T05:11:05.000Z'],
    [1722834665, '2024-08-05T05:11:05.000Z'],
    ['1722834665123', '2024-08-05T05:11:05.123Z'],
    ['1722834665.5', '2024-08-05T05:11:05.500Z'],
    ['2024-08-05T05:11:05Z', '2024-08-05T05:11:05.000Z'],
    ['2024-08-05T10:41:05+05:30', '2024-08-05T05:11:05.000Z'],
    ['2024-08-05T10:41:05+0530', '2024-08-05T05:11:05.000Z'],
    ['2024-08-05 05:11:05', '2024-08-05T05:11:05.000Z'],
  ])('%s', (input, iso) => {
    expect(parseCallbackTime(input)?.toISOString()).toBe(iso);
  });

  it.each([
    '172XXXXXXX',
    'yesterday',
    '',
    '-5',
    '1e10',
    'NaN',
    '2024-02-30T00:00:00Z junk',
    '99999999999999999',
    Infinity,
    null,
    {},
  ])('refuses %s', (input) => {
    expect(parseCallbackTime(input)).toBeUndefined();
  });
});
