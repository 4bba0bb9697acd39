import { WebhookUrlRefused, isPublicAddress, parseWebhookUrl, permittedAddresses } from './ssrf-guard';

const PRODUCTION = { allowPrivateNetworks: false };
const TESTING = { allowPrivateNetworks: true };

describe('webhook SSRF guard', () => {
  it.each([
    '127.0.0.1', '127.8.9.10', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '169.254.0.1', '100.64.0.1',
    '0.0.0.0', '255.255.255.255', '224.0.0.1', '::1', '::', 'fc00::1', 'fd12:3456::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:7f00:1',
    '::ffff:10.0.0.1', '::ffff:169.254.169.254', '64:ff9b::7f00:1', '2002:7f00:1::', 'ff02::1', 'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '2a00:1450:4001::200e'])('admits the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it('refuses URLs that are not https, carry credentials or are too long', () => {
    expect(() => parseWebhookUrl('http://hooks.example.com/x', PRODUCTION)).toThrow(WebhookUrlRefused);
    expect(() => parseWebhookUrl('ftp://hooks.example.com/x', TESTING)).toThrow(WebhookUrlRefused);
    expect(() => parseWebhookUrl('https://user:pw@hooks.example.com/x', PRODUCTION)).toThrow('credentials');
    expect(() => parseWebhookUrl(`https://hooks.example.com/${'a'.repeat(2048)}`, PRODUCTION)).toThrow('2048');
    expect(() => parseWebhookUrl('hooks.example.com', PRODUCTION)).toThrow('absolute');
    expect(parseWebhookUrl('https://hooks.example.com/x', PRODUCTION).hostname).toBe('hooks.example.com');
    expect(parseWebhookUrl('http://127.0.0.1:8080/x', TESTING).port).toBe('8080');
  });

  it('refuses a host when any of its addresses is private, unless private networks are allowed', async () => {
    const rebinding = () => Promise.resolve([{ address: '93.184.215.14', family: 4 }, { address: '10.0.0.7', family: 4 }]);
    const url = new URL('https://hooks.example.com/x');
    await expect(permittedAddresses(url, PRODUCTION, rebinding)).rejects.toThrow('public internet address');
    await expect(permittedAddresses(url, TESTING, rebinding)).resolves.toHaveLength(2);
    await expect(permittedAddresses(url, PRODUCTION, () => Promise.resolve([{ address: '93.184.215.14', family: 4 }]))).resolves.toHaveLength(1);
  });

  it('resolves the odd spellings of loopback to loopback, and refuses them', async () => {
    for (const raw of ['https://0x7f.1/x', 'https://2130706433/x', 'https://[::ffff:127.0.0.1]/x', 'https://localhost/x', 'https://[::1]/x']) {
      await expect(permittedAddresses(parseWebhookUrl(raw, PRODUCTION), PRODUCTION)).rejects.toThrow(WebhookUrlRefused);
    }
  });

  it('refuses a host that does not resolve', async () => {
    await expect(permittedAddresses(new URL('https://x.invalid/'), PRODUCTION, () => Promise.reject(new Error('ENOTFOUND')))).rejects.toThrow('resolved');
  });
});
