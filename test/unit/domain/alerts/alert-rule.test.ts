/** The alert rule contract: modelDrift conditions and where their field paths point when refused. */
import { describe, expect, it } from 'vitest';
import { conditionText, createAlertInput } from '../../../../shared/domain/alerts/alert-rule';

const base = { name: 'Forecast drift', metricId: '3f2b8c1e-0d4a-4b7e-9c6f-1a2b3c4d5e6f', interval: '1h' };
const drift = { type: 'modelDrift', measure: 'mape', op: 'gt', value: 30, window: 24 };
const paths = (body: unknown) => {
  const parsed = createAlertInput.safeParse(body);
  return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'));
};

describe('createAlertInput with a modelDrift condition', () => {
  it('accepts each measure at a watched interval and says it in words', () => {
    for (const measure of ['mape', 'coverage95', 'alertRate'])
      expect(paths({ ...base, condition: { ...drift, measure } })).toEqual([]);
    expect(
      conditionText({ type: 'modelDrift', measure: 'coverage95', op: 'lt', value: 90, window: 24 }),
    ).toBe('model coverage95 below 90% over 24 intervals');
  });

  it('refuses an unknown measure, a bad window or value, and extra fields, with their paths', () => {
    expect(paths({ ...base, condition: { ...drift, measure: 'rmse' } })).toEqual(['condition.measure']);
    expect(paths({ ...base, condition: { ...drift, window: 0 } })).toEqual(['condition.window']);
    expect(paths({ ...base, condition: { ...drift, window: 1.5 } })).toEqual(['condition.window']);
    expect(paths({ ...base, condition: { ...drift, value: -1 } })).toEqual(['condition.value']);
    expect(paths({ ...base, condition: { ...drift, op: 'eq' } })).toEqual(['condition.op']);
    expect(paths({ ...base, condition: { ...drift, level: 95 } })).toEqual(['condition']);
  });

  it('refuses an interval the scorer does not watch', () => {
    expect(paths({ ...base, interval: '5m', condition: drift })).toEqual(['interval']);
  });
});
