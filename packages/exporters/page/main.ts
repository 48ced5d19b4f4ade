/** Entry point of the report and diff pages: reads the embedded data and starts the matching view. */
import type { DiffData, ReportData } from '../src/html/model.js';
import { startDiff } from './diff.js';
import { startReport } from './report.js';

const el = document.getElementById('pyglass-data');
const data = JSON.parse(el?.textContent ?? 'null') as ReportData | DiffData | null;
if (data?.kind === 'report') startReport(data);
else if (data?.kind === 'diff') startDiff(data);
else document.body.textContent = 'This pyglass page has no data.';
