/**
 * Passwords of 12+ characters that appear near the top of public breach corpora (and their
 * obvious variants). A local list, as the issue allows; matching is case-insensitive.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  '123456789012', '1234567890123', '12345678901234', '123456123456', '111111111111', '000000000000',
  '123123123123', '121212121212', '987654321098', '123qweasdzxc', '1q2w3e4r5t6y', '1qaz2wsx3edc',
  'qwertyuiop12', 'qwertyuiop123', 'qwerty123456', 'qwertyqwerty', 'asdfghjkl123', 'zxcvbnm12345',
  'password1234', 'password12345', 'password123!', 'passwordpassword', 'password1234!', 'p@ssw0rd1234',
  'p@ssword1234', 'passw0rd1234', 'iloveyou1234', 'iloveyouiloveyou', 'welcome12345', 'welcome123!@',
  'letmein12345', 'changeme1234', 'changeme123!', 'administrator', 'administrator1', 'admin1234567',
  'adminadmin12', 'trustno1trustno1', 'football1234', 'baseball1234', 'superman1234', 'sunshine1234',
  'princess1234', 'dragon123456', 'monkey123456', 'starwars1234', 'computer1234', 'whatever1234',
  'michael12345', 'jennifer1234', 'abcdefghijkl', 'abcdefgh1234', 'abc123abc123', 'aaaaaaaaaaaa',
  'qazwsxedcrfv', 'mypassword123', 'mypassword12', 'secretpassword', 'supersecret123', 'correcthorsebatterystaple',
  'ketamine1234', 'therapy12345', 'clinic123456', 'tandem123456', 'summer2024!!', 'winter2024!!',
  'spring2025!!', 'autumn2025!!', 'january2025!', 'december2025', 'password2024', 'password2025', 'password2026',
]);

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}
