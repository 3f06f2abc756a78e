/** Reports: results files → PNG charts and an index of key numbers. */
export { readResults, validateResults } from './readResults.js';
export { writeReport, REPORT_INDEX, type ReportSummary } from './writeReport.js';
export { Y_METRICS, type ReportOptions, type YMetric } from './reportOptions.js';
export { kneeIndex } from './knee.js';
export { keyNumbers, memoryNearOpt, optFaultsAt, OPT_TOLERANCE, type KeyNumbers } from './keyNumbers.js';
export { seriesOf, type Series as ResultSeries } from './series.js';
