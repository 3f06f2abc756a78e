/** Importers of other tools' trace formats; loading this module registers their `FORMAT:FILE` openers. */
export * from './registry.js';
export * from './importTrace.js';
export type { Importer, ImportCounts } from './importer.js';
export { SETTINGS, SETTING_NAMES, parseSettingsText, type GivenSettings, type ImportSettings, type SettingName } from './importSettings.js';
