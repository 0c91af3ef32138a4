/** A value as YAML flow text, the way a sweep file writes it: `{log_uniform: [0.001, 0.5]}`, `[[128], [256, 128]]`. */
export function flow(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(flow).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value).map(([key, v]) => `${key}: ${flow(v)}`).join(', ')}}`;
  }
  if (typeof value === 'string') return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(value) && !/^(true|false|null|yes|no|on|off)$/i.test(value) ? value : JSON.stringify(value);
  return String(value);
}
