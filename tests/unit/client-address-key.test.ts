import { describe, expect, it } from 'vitest';
import { clientAddressKey } from '../../src/limits/client-address-key.js';

describe('the key per-address limits count a client under', () => {
  it('is the address itself for IPv4', () => {
    expect(clientAddressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressKey('203.0.113.10')).toBe('203.0.113.10');
  });

  it('is the IPv4 address for an IPv4-mapped IPv6 address, in either notation', () => {
    expect(clientAddressKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
    expect(clientAddressKey('::FFFF:cb00:7109')).toBe('203.0.113.9');
    expect(clientAddressKey('0:0:0:0:0:ffff:203.0.113.9')).toBe('203.0.113.9');
  });

  it('is the /64 network for IPv6 by default, however the address is written', () => {
    const key = clientAddressKey('2001:db8:1:2::a');
    expect(key).toBe('2001:db8:1:2:0:0:0:0/64');
    for (const sameNetwork of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:1', '2001:db8:1:2::1.2.3.4', '2001:db8:1:2::b%eth0']) {
      expect(clientAddressKey(sameNetwork), sameNetwork).toBe(key);
    }
    expect(clientAddressKey('2001:db8:1:3::a')).not.toBe(key);
    expect(clientAddressKey('::1')).toBe('0:0:0:0:0:0:0:0/64');
  });

  it('follows the configured prefix length, including ones that cut a group', () => {
    expect(clientAddressKey('2001:db8:1:2::a', 48)).toBe('2001:db8:1:0:0:0:0:0/48');
    expect(clientAddressKey('2001:db8:1:2::a', 56)).toBe('2001:db8:1:0:0:0:0:0/56');
    expect(clientAddressKey('2001:db8:1:2ff::a', 56)).toBe('2001:db8:1:200:0:0:0:0/56');
    expect(clientAddressKey('2001:db8:1:2::a', 128)).toBe('2001:db8:1:2:0:0:0:a/128');
    expect(clientAddressKey('ffff::1', 1)).toBe('8000:0:0:0:0:0:0:0/1');
  });

  it('keeps an unknown or non-IP value as it is', () => {
    expect(clientAddressKey(null)).toBe('unknown');
    expect(clientAddressKey('not-an-address')).toBe('not-an-address');
  });
});
