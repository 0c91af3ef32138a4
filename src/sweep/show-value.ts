/**
 * A setting's value as every listing shows it (plan tables, progress labels): lists as the file writes
 * them in flow style, `[512, 1024]` (`[]` for no hidden layer), anything else as itself.
 */
export function showValue(value: unknown): string {
  return Array.isArray(value) ? `[${value.map(showValue).join(', ')}]` : String(value);
}
