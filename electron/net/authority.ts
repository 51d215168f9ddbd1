/** `host:port` as a URL or a Host header writes it: an IPv6 address in brackets. */
export function authority(host: string, port: number | string): string {
  return `${host.includes(':') ? `[${host}]` : host}:${port}`;
}
