import { createHash } from 'node:crypto';
import { pageScript, pageStyle } from '../gen/html-page.js';
import { escapeXml } from '../flamegraph.js';
import type { DiffData, ReportData } from './model.js';

/**
 * JSON that is safe inside a <script> element: every `<` is escaped (so neither `</script>` nor `<!--`
 * can appear), and so are U+2028/U+2029. The page reads it with JSON.parse, never as code.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * One self-contained page: styles, code and data inline. Its Content-Security-Policy allows exactly
 * this page's own script and style (by hash) and no request to any host: no fetch, no image, no font,
 * no frame, no form target. Text from the profile only ever reaches the page through JSON.parse and
 * textContent/canvas, so a crafted function name cannot run script even without the policy.
 */
export function htmlDocument(data: ReportData | DiffData, title: string): string {
  const csp = [
    "default-src 'none'",
    `script-src ${sha256(pageScript)}`,
    `style-src ${sha256(pageStyle)}`,
    'img-src data: blob:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<title>${escapeXml(title)}</title>`,
    `<style>${pageStyle}</style>`,
    '</head>',
    '<body>',
    '<noscript>This report needs JavaScript.</noscript>',
    '<main id="app"></main>',
    `<script type="application/json" id="pyglass-data">${scriptSafeJson(data)}</script>`,
    `<script>${pageScript}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
