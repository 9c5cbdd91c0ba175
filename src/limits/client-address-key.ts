import { isIPv4, isIPv6 } from 'node:net';

/**
 * The key that per-address limits count a client under. An IPv4 address is one client, but an
 * IPv6 host usually gets a whole /64 from its provider and can pick a new address in it for
 * every request: counted by exact address, one attacker would have 2^64 budgets. So IPv6
 * clients are grouped by their network prefix (`RATE_LIMIT_IPV6_PREFIX`, 64 by default), and an
 * IPv4-mapped IPv6 address (`::ffff:192.0.2.1`, how a dual-stack socket reports IPv4 peers) is
 * its IPv4 address.
 */

export const DEFAULT_IPV6_PREFIX = 64;

/** `null` (no address known) and anything that is not an IP address are keyed as they are. */
export function clientAddressKey(address: string | null, ipv6Prefix: number = DEFAULT_IPV6_PREFIX): string {
  if (!address) return 'unknown';
  // A zone index (fe80::1%eth0) names the host's interface, not another client.
  const withoutZone = address.includes('%') ? address.slice(0, address.indexOf('%')) : address;
  if (isIPv4(withoutZone)) return withoutZone;
  if (!isIPv6(withoutZone)) return address;
  const groups = ipv6Groups(withoutZone);
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
  }
  return `${maskGroups(groups, ipv6Prefix).map((group) => group.toString(16)).join(':')}/${ipv6Prefix}`;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function ipv6Groups(address: string): number[] {
  const parse = (part: string) => {
    if (part === '') return [];
    return part.split(':').flatMap((piece) => {
      if (!piece.includes('.')) return [parseInt(piece, 16)];
      const [a, b, c, d] = piece.split('.').map(Number);
      return [(a << 8) | b, (c << 8) | d];
    });
  };
  const gap = address.indexOf('::');
  if (gap === -1) return parse(address);
  const head = parse(address.slice(0, gap));
  const tail = parse(address.slice(gap + 2));
  return [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

function maskGroups(groups: number[], prefix: number): number[] {
  const bits = Math.min(128, Math.max(0, Math.trunc(prefix)));
  return groups.map((group, index) => {
    const kept = Math.min(16, Math.max(0, bits - index * 16));
    return kept === 0 ? 0 : group & ((0xffff << (16 - kept)) & 0xffff);
  });
}
