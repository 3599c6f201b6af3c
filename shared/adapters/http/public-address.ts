/**
 * SSRF guard for outbound webhooks: resolves a host name and admits it only when every address
 * is public unicast, so a tenant's URL cannot reach private networks, link-local or cloud
 * metadata addresses (169.254.169.254, fd00:ec2::254), unique-local IPv6, or this machine.
 */
import { lookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface AddressPolicy {
  /** Admit loopback addresses: local runs only, so tests can run a receiver. */
  readonly allowLoopback: boolean;
}

export class RefusedAddressError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedAddressError';
  }
}

/** The range an address is in, looking through IPv4-mapped IPv6 (`::ffff:10.0.0.1`). */
function rangeOf(address: string): string {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    return (parsed as ipaddr.IPv6).toIPv4Address().range();
  return parsed.range();
}

/** Throws RefusedAddressError unless `address` (an IP literal) may be connected to. */
export function assertPublicAddress(address: string, policy: AddressPolicy): void {
  if (!ipaddr.isValid(address)) throw new RefusedAddressError(`not an IP address: ${address}`);
  const range = rangeOf(address);
  if (range === 'unicast') return;
  if (range === 'loopback' && policy.allowLoopback) return;
  throw new RefusedAddressError(`address ${address} is ${range}, not a public address`);
}

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Every address of `host`, after checking each one: a name with one private address among
 * public ones is refused, since the connection could use any of them.
 */
export async function resolvePublicAddresses(
  host: string,
  policy: AddressPolicy,
): Promise<ResolvedAddress[]> {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const addresses = ipaddr.isValid(bare)
    ? [{ address: bare, family: ipaddr.parse(bare).kind() === 'ipv6' ? 6 : 4 }]
    : await lookup(bare, { all: true, verbatim: true });
  if (addresses.length === 0) throw new RefusedAddressError(`${host} has no address`);
  for (const a of addresses) assertPublicAddress(a.address, policy);
  return addresses.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
}
