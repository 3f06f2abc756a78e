/** Reports: results files → figures (PNG, SVG, PDF), index.md with the key numbers, and the interactive index.html. */
export { readResults, validateResults } from './readResults.js';
export { writeReport, checkReportRequest, REPORT_INDEX, REPORT_HTML, type ReportSummary } from './writeReport.js';
export { type ReportOptions } from './reportOptions.js';
export { PRESETS, Y_METRICS, readFigureStyle, resolveStyle, type FigureStyle, type Preset, type SeriesLook, type YMetric } from './figureStyle.js';
export { FIGURE_FORMATS, renderChart, type FigureFormat, type FigureSize } from './renderChart.js';
export { htmlReport, panelsOf, type PanelKind, type ProcessCounters, type ReportPanel } from './htmlReport.js';
export { kneeIndex } from './knee.js';
export {
  BASELINES,
  DEFAULT_FRACTIONS,
  OPT_FACTORS,
  crossings,
  keyNumbers,
  memoryNearOpt,
  optFaultsAt,
  optGap,
  type Crossing,
  type KeyNumbers,
  type NearOpt,
  type Versus,
} from './keyNumbers.js';
export { policySlot, POLICY_SLOTS } from './palette.js';
export { seriesOf, type Series as ResultSeries } from './series.js';
