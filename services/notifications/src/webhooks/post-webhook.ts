import http from 'node:http';
import https from 'node:https';
import type { LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { WebhookUrlRefused, parseWebhookUrl, permittedAddresses } from './ssrf-guard';
import type { NetworkPolicy, Resolver } from './ssrf-guard';

/** What one HTTP attempt came to: a status code, or the class of error that prevented one. */
export interface AttemptResult {
  readonly statusCode: number | null;
  /** TIMEOUT, REFUSED_ADDRESS, DNS, CONNECTION, TLS or another error code; never a message with data. */
  readonly error: string | null;
  readonly durationMs: number;
}

export interface PostOptions extends NetworkPolicy {
  readonly timeoutMs: number;
  readonly resolve?: Resolver;
}

/**
 * POSTs a signed event. The host is resolved and vetted here, and the socket connects only to the
 * vetted addresses (a lookup function that returns them), so a DNS answer that changes after the
 * check cannot redirect the request. Redirects are not followed: a 3xx is a failed attempt.
 */
export async function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, options: PostOptions): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let addresses: LookupAddress[];
  let url: URL;
  try {
    url = parseWebhookUrl(rawUrl, options);
    addresses = await permittedAddresses(url, options, options.resolve);
  } catch (error) {
    const unresolved = error instanceof WebhookUrlRefused && error.message.includes('resolved');
    return { statusCode: null, error: unresolved ? 'DNS' : 'REFUSED_ADDRESS', durationMs: elapsed() };
  }
  try {
    const statusCode = await send(url, headers, body, vettedLookup(addresses), options.timeoutMs);
    return { statusCode, error: null, durationMs: elapsed() };
  } catch (error) {
    return { statusCode: null, error: errorClass(error), durationMs: elapsed() };
  }
}

function send(url: URL, headers: Record<string, string>, body: string, lookup: LookupFunction, timeoutMs: number): Promise<number> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, lookup, agent: false, signal: AbortSignal.timeout(timeoutMs) },
      (response) => {
        // The answer's body is not read into memory: only the status counts.
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

function vettedLookup(addresses: readonly LookupAddress[]): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      callback(null, [...addresses]);
      return;
    }
    const wanted = options.family === 6 || options.family === 4 ? addresses.find((a) => a.family === options.family) : addresses[0];
    if (!wanted) callback(Object.assign(new Error('no vetted address of that family'), { code: 'ENOTFOUND' }), '', 0);
    else callback(null, wanted.address, wanted.family);
  };
}

function errorClass(error: unknown): string {
  const { name, code } = error as { name?: string; code?: string };
  if (name === 'TimeoutError' || name === 'AbortError' || code === 'ABORT_ERR') return 'TIMEOUT';
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT') || code === 'EPROTO') return 'TLS';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'DNS';
  if (code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EPIPE') return 'CONNECTION';
  return code ?? 'ERROR';
}
