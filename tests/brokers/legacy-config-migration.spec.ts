// Runbook T-5 "legacy configuration migration verified at zero difference"
// (verify_legacy_config_migration.py; also `npm run verify:legacy-config`): the v1 supervisors
// scope, commission and prize rules equal the legacy ones by count and canonical sha256 —
// supervisors after the contract's normalization, rules exactly and in order.
import { readLegacyEndpointsConfig, readV1Config } from '../../src/brokers/legacy-config-check.ts';
import {
  compareMigratedConfig,
  type MigrationComparison,
  readLegacyConfigDir,
} from '../../src/brokers/migration.ts';
import { legacyConfigDir, needsLegacyConfigDir } from '../../src/exclusions.ts';
import { excludeWhen, expect, test } from '../../src/gate-fixtures/brokers.ts';

function differences(comparison: MigrationComparison): string[] {
  return comparison.configs
    .filter((config) => !config.same)
    .map(
      (config) =>
        `${config.config}: v1 ${config.v1.count} (sha256 ${config.v1.sha256.slice(0, 12)}) vs legacy ` +
        `${config.legacy.count} (sha256 ${config.legacy.sha256.slice(0, 12)})` +
        (config.firstDifference ? `; first difference at rule ${config.firstDifference.index}` : '') +
        (config.onlyInV1?.length ? `; only in v1: ${config.onlyInV1.join(', ')}` : '') +
        (config.onlyInLegacy?.length ? `; only in legacy: ${config.onlyInLegacy.join(', ')}` : ''),
    );
}

test.describe('legacy configuration migration', { tag: ['@brokers', '@runbook-T-5'] }, () => {
  test('v1 configuration matches the legacy endpoints by count and canonical hash', async ({
    asAdmin,
    legacy,
    evidence,
  }) => {
    const v1 = await test.step('read the v1 configuration', () => readV1Config(asAdmin));
    const legacyConfig = await test.step('read the legacy endpoints', () =>
      readLegacyEndpointsConfig(legacy));
    const comparison = compareMigratedConfig(v1, legacyConfig);
    await evidence('migration-vs-legacy-endpoints', comparison);
    expect(differences(comparison), 'the v1 configuration differs from the legacy one').toEqual([]);
  });

  test.describe(() => {
    excludeWhen(needsLegacyConfigDir);
    test('v1 configuration matches the legacy config files by count and canonical hash', async ({
      asAdmin,
      suiteConfig,
      evidence,
    }) => {
      // The reference target's legacy files are the dataset's own data/*.json.
      const dir = legacyConfigDir(suiteConfig);
      if (dir === undefined) throw new Error('no legacy config folder: the exclusion should have applied');
      const folder = await test.step(`read the legacy files in ${dir}`, () => readLegacyConfigDir(dir));
      const v1 = await test.step('read the v1 configuration', () => readV1Config(asAdmin));
      const comparison = compareMigratedConfig(v1, folder.config);
      await evidence('migration-vs-legacy-files', { dir: folder.dir, forms: folder.forms, ...comparison });
      expect(differences(comparison), `the v1 configuration differs from the files in ${folder.dir}`).toEqual(
        [],
      );
    });
  });
});
