import { describe, expect, it } from 'vitest';
import { loadConfig, required } from '../../../shared/runtime/config';

describe('loadConfig', () => {
  it('applies defaults to an empty environment', () => {
    // Act
    const config = loadConfig({});

    // Assert
    expect(config).toMatchObject({
      stage: 'local',
      region: 'us-east-1',
      dbPort: 5432,
      dbIamAuth: false,
      queryEngine: 'athena',
    });
    expect(config.rawBucket).toBeUndefined();
  });

  it('reads the named variables, treating empty ones as unset', () => {
    // Act
    const config = loadConfig({
      NEXUS_STAGE: 'prod',
      AWS_REGION: 'eu-west-1',
      DB_PORT: '6543',
      DB_IAM_AUTH: 'true',
      RAW_BUCKET: 'raw-bucket',
      CURATED_BUCKET: '',
      QUERY_ENGINE: 'duckdb',
    });

    // Assert
    expect(config).toMatchObject({
      stage: 'prod',
      region: 'eu-west-1',
      dbPort: 6543,
      dbIamAuth: true,
      rawBucket: 'raw-bucket',
      queryEngine: 'duckdb',
    });
    expect(config.curatedBucket).toBeUndefined();
  });

  it('names every invalid variable', () => {
    // Act
    const attempt = () => loadConfig({ DB_PORT: 'abc', QUERY_ENGINE: 'spark', DB_IAM_AUTH: 'yes' });

    // Assert
    expect(attempt).toThrow(/^Invalid configuration: /);
    expect(attempt).toThrow(/DB_PORT: /);
    expect(attempt).toThrow(/QUERY_ENGINE: /);
    expect(attempt).toThrow(/DB_IAM_AUTH: /);
  });
});

describe('required', () => {
  it('returns a set value and names the variable of a missing one', () => {
    // Arrange
    const config = loadConfig({ RAW_BUCKET: 'raw-bucket' });

    // Act / Assert
    expect(required(config, 'rawBucket')).toBe('raw-bucket');
    expect(() => required(config, 'rollupTable')).toThrow('Missing configuration: ROLLUP_TABLE is not set');
  });
});
