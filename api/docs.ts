// The human-readable docs page: a small server-side rendering of the OpenAPI operations (no
// external assets, no scripts).
import { z } from 'zod';
import { OPERATIONS, openApiPath } from './openapi.ts';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `code` spans for backticks, everything else escaped. */
function prose(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');
}

function paramRows(where: string, object: z.ZodObject | undefined): string {
  if (!object) return '';
  return Object.entries(object.shape)
    .map(([name, field]) => {
      const schema = z.toJSONSchema(field as z.ZodType, { io: 'input', unrepresentable: 'any' }) as {
        description?: string;
        type?: string;
        enum?: unknown[];
        default?: unknown;
        minimum?: number;
        maximum?: number;
      };
      const type = schema.enum
        ? schema.enum.map(String).join(' | ')
        : `${schema.type ?? 'string'}${schema.minimum !== undefined ? ` ${schema.minimum}–${schema.maximum ?? '∞'}` : ''}`;
      const dflt = schema.default === undefined ? '' : JSON.stringify(schema.default);
      return `<tr><td><code>${escapeHtml(name)}</code></td><td>${where}</td><td>${escapeHtml(type)}</td><td>${escapeHtml(dflt)}</td><td>${prose(schema.description ?? '')}</td></tr>`;
    })
    .join('\n');
}

export function renderDocs(): string {
  const sections = OPERATIONS.map((op) => {
    const rows = paramRows('path', op.params) + paramRows('query', op.query);
    return `<section id="${escapeHtml(op.path)}">
<h2><span class="m">${op.method.toUpperCase()}</span> ${escapeHtml(openApiPath(op.path))}</h2>
<p><strong>${escapeHtml(op.summary)}</strong></p>
<p>${prose(op.description)}</p>
${rows ? `<table><thead><tr><th>name</th><th>in</th><th>type</th><th>default</th><th>meaning</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
${op.errors.length ? `<p>Errors: ${op.errors.join(', ')} (JSON body).</p>` : ''}
</section>`;
  }).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reddit seriousness API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
h2{font-size:1.1rem;margin-top:2rem;border-bottom:1px solid #ddd}
.m{background:#246;color:#fff;padding:0 .4rem;border-radius:3px;font-size:.85rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}td,th{border:1px solid #ddd;padding:.2rem .4rem;text-align:left;vertical-align:top}
code{background:#f3f3f3;padding:0 .2rem}
</style></head><body>
<h1>Reddit seriousness API</h1>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1). Errors are JSON:
<code>{"error":{"status","code","message","details","requestId"}}</code>. Every request gets an
<code>X-Request-Id</code> (yours if you send one).</p>
${sections}
</body></html>
`;
}
