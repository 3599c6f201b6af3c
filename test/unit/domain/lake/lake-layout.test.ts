import { describe, expect, it } from 'vitest';
import {
  curatedObjectKey,
  datasetPrefix,
  partitionKey,
  partitionOf,
  rawObjectKey,
} from '../../../../shared/domain/lake/lake-layout';
import { TENANT_A } from '../../../support/events';

describe('lake layout', () => {
  it('partitions by the UTC date and hour of reception', () => {
    // Act
    const partition = partitionOf(TENANT_A, 'orders', '2026-03-04T05:06:07.890Z');

    // Assert
    expect(partition).toEqual({ tenantId: TENANT_A, dataset: 'orders', dt: '2026-03-04', hour: '05' });
  });

  it('normalises a timestamp with an offset to its UTC partition', () => {
    // Act
    const partition = partitionOf(TENANT_A, 'orders', '2026-03-04T01:30:00.000+02:00');

    // Assert
    expect(partition).toMatchObject({ dt: '2026-03-03', hour: '23' });
  });

  it('builds Hive-style keys for both zones', () => {
    // Arrange
    const partition = partitionOf(TENANT_A, 'orders', '2026-12-31T23:59:59.999Z');

    // Act / Assert
    expect(datasetPrefix('curated', TENANT_A, 'orders')).toBe(`curated/tenant=${TENANT_A}/dataset=orders/`);
    expect(curatedObjectKey(partition, 'f1')).toBe(
      `curated/tenant=${TENANT_A}/dataset=orders/dt=2026-12-31/hour=23/f1.parquet`,
    );
    expect(rawObjectKey(partition, 'f1')).toBe(
      `raw/tenant=${TENANT_A}/dataset=orders/dt=2026-12-31/hour=23/f1.ndjson.gz`,
    );
    expect(partitionKey(partition)).toBe(`${TENANT_A}|orders|2026-12-31|23`);
  });
});
