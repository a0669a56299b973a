/** The variables through which Node's HTTP clients and the SDKs find a proxy. */
const PROXY_VARIABLES = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
];

/**
 * Unsets the proxy variables of this process, so that clients reach the
 * sandbox on loopback directly instead of through a proxy that cannot see
 * it. For tests, before `startSandbox`.
 */
export function clearProxyEnvironment(): void {
  for (const v of PROXY_VARIABLES) delete process.env[v];
}
