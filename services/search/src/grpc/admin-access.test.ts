import { Metadata, status } from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import { checkAdminAccess, isLoopbackPeer } from './admin-access.js';
import type { CallContext } from './unary-call.js';

const ctx = (peer: string, authorization?: string): CallContext => {
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  return { requestId: 'r', log: createLogger('silent', 'test'), signal: new AbortController().signal, metadata, peer };
};
const codeOf = (fn: () => void) => {
  try {
    fn();
    return status.OK;
  } catch (err) {
    return (err as { code: status }).code;
  }
};
const TOKEN = 'a-token-of-sixteen-chars';

describe('admin access', () => {
  it('knows loopback peers as grpc-js reports them', () => {
    for (const peer of ['127.0.0.1:5000', '127.8.9.10:1', '::1:5000', '::ffff:127.0.0.1:5000', '[::1]:5000'])
      expect(isLoopbackPeer(peer), peer).toBe(true);
    for (const peer of ['10.0.0.5:5000', '172.17.0.1:43210', '::ffff:10.0.0.1:1', 'fe80::1:5000', '1127.0.0.1:5', 'unknown', ''])
      expect(isLoopbackPeer(peer), peer).toBe(false);
  });

  it('without ADMIN_TOKEN: loopback only, PERMISSION_DENIED from elsewhere', () => {
    expect(codeOf(() => checkAdminAccess(ctx('127.0.0.1:5000'), undefined))).toBe(status.OK);
    expect(codeOf(() => checkAdminAccess(ctx('::1:5000', 'Bearer whatever'), undefined))).toBe(status.OK);
    expect(codeOf(() => checkAdminAccess(ctx('172.17.0.1:5000'), undefined))).toBe(status.PERMISSION_DENIED);
  });

  it('with ADMIN_TOKEN: the bearer token from anywhere, UNAUTHENTICATED without it (loopback included)', () => {
    expect(codeOf(() => checkAdminAccess(ctx('172.17.0.1:5000', `Bearer ${TOKEN}`), TOKEN))).toBe(status.OK);
    expect(codeOf(() => checkAdminAccess(ctx('127.0.0.1:5000', `bearer  ${TOKEN}`), TOKEN))).toBe(status.OK);
    for (const auth of [undefined, TOKEN, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, 'Basic abc', 'Bearer '])
      expect(
        codeOf(() => checkAdminAccess(ctx('127.0.0.1:5000', auth), TOKEN)),
        String(auth),
      ).toBe(status.UNAUTHENTICATED);
  });
});
