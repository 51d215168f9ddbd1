import net from 'node:net';
import os from 'node:os';

/** An IPv6 address as the system writes it (0:0:0:0:0:0:0:1 is ::1), or null for anything else. */
const ipv6 = (host: string) => (net.isIPv6(host) ? new net.SocketAddress({ address: host, family: 'ipv6' }).address : null);

/** Only this machine can connect: localhost, 127.0.0.0/8, ::1. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || (net.isIPv4(host) && host.startsWith('127.')) || ipv6(host) === '::1';
}

/** 0.0.0.0 (every IPv4 interface) or :: (every interface, IPv4 too where the system maps it). */
export function isEveryInterface(host: string): boolean {
  return host === '0.0.0.0' || ipv6(host) === '::';
}

/**
 * The names and addresses this server answers to, as a Host header gives
 * them (without the port): the address listened on, its loopback names, and
 * when that is every interface, each interface's address as the system
 * lists it now (a new DHCP lease counts from the next request).
 */
export function hostsServed(host: string): string[] {
  if (isLoopback(host)) return [...new Set([host, 'localhost', '127.0.0.1', '::1'])];
  if (!isEveryInterface(host)) return [host];
  const ipv4Only = host === '0.0.0.0';
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a !== undefined && (!ipv4Only || a.family === 'IPv4'))
    .map((a) => a!.address);
  return [...new Set(['localhost', ...addresses])];
}
