import { promises as dns } from 'node:dns';
import type { LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard. A partner chooses where Tandem sends requests, so without a guard a webhook URL
 * could probe the clinic's or our own internal network (databases, the cloud metadata service).
 * URLs must be https and every address their host resolves to must be public; both are checked at
 * registration and again, on the addresses actually connected to, at every delivery (a DNS answer
 * may change between the two). `allowPrivateNetworks` lifts both rules, for tests and local
 * development only (the configuration refuses it in production).
 */
export interface NetworkPolicy {
  readonly allowPrivateNetworks: boolean;
}

export const MAX_URL_LENGTH = 2048;

export class WebhookUrlRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'WebhookUrlRefused';
  }
}

// Two lists: a BlockList maps IPv4 into IPv6 space, so the IPv4-mapped range would match every IPv4.
const NOT_PUBLIC_V4 = new BlockList();
const NOT_PUBLIC_V6 = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network", 0.0.0.0
  ['10.0.0.0', 8], // RFC 1918
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12], // RFC 1918
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16], // RFC 1918
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  NOT_PUBLIC_V4.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['::ffff:0:0', 96], // IPv4-mapped: whatever it maps to, no public host announces one
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF special purpose (Teredo, ORCHID, ...)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4 (embeds an IPv4 address)
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  NOT_PUBLIC_V6.addSubnet(network, prefix, 'ipv6');
}

/** Whether an IP address is on the public internet (false for anything that is not an IP). */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return false;
  return family === 4 ? !NOT_PUBLIC_V4.check(address, 'ipv4') : !NOT_PUBLIC_V6.check(address, 'ipv6');
}

/**
 * A webhook URL's form: absolute, https (http only where private networks are allowed), no
 * credentials, not too long. Throws WebhookUrlRefused with a reason a partner can act on.
 */
export function parseWebhookUrl(raw: string, policy: NetworkPolicy): URL {
  if (raw.length > MAX_URL_LENGTH) throw new WebhookUrlRefused(`The URL must be at most ${MAX_URL_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new WebhookUrlRefused('Not an absolute URL');
  }
  const schemes = policy.allowPrivateNetworks ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new WebhookUrlRefused('The URL must use https');
  if (url.username || url.password) throw new WebhookUrlRefused('The URL must not contain credentials');
  if (!url.hostname) throw new WebhookUrlRefused('The URL must name a host');
  return url;
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true, verbatim: true });

/**
 * The addresses a delivery may connect to: all of the host's addresses, each of them public
 * (one private answer refuses the lot, or a rebinding attacker would simply add one).
 */
export async function permittedAddresses(url: URL, policy: NetworkPolicy, resolve: Resolver = systemResolver, timeoutMs = 5_000): Promise<LookupAddress[]> {
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: LookupAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    addresses = await Promise.race([
      resolve(hostname),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
  } catch {
    throw new WebhookUrlRefused('The host could not be resolved');
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) throw new WebhookUrlRefused('The host could not be resolved');
  if (!policy.allowPrivateNetworks && !addresses.every((a) => isPublicAddress(a.address))) {
    throw new WebhookUrlRefused('The URL must point at a public internet address');
  }
  return addresses;
}
