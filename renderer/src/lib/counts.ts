/** A count as people read it: 1,234,567. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
