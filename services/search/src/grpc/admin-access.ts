import { createHash, timingSafeEqual } from 'node:crypto';
import { status } from '@grpc/grpc-js';
import type { CallContext } from './unary-call.js';
import { StatusError } from './status-error.js';

/**
 * Who may call AdminService. With ADMIN_TOKEN set, any caller presenting `authorization: Bearer
 * <token>` (replicas behind NAT or in containers are reached from non-loopback addresses). Without
 * it, only callers on the same host over loopback: an operator's shell needs no set-up, and a
 * service exposed on 0.0.0.0 exposes no admin calls by accident.
 */
export function checkAdminAccess(ctx: CallContext, token: string | undefined): void {
  if (token) {
    const given = ctx.metadata.get('authorization')[0];
    const bearer = typeof given === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(given)?.[1] : undefined;
    if (!bearer || !sameSecret(bearer, token)) {
      ctx.log.warn({ peer: ctx.peer, presented: Boolean(bearer) }, 'admin call with a missing or wrong token');
      throw new StatusError(status.UNAUTHENTICATED, 'admin calls need the metadata `authorization: Bearer <ADMIN_TOKEN>`');
    }
    return;
  }
  if (!isLoopbackPeer(ctx.peer)) {
    ctx.log.warn({ peer: ctx.peer }, 'admin call from another host refused (no ADMIN_TOKEN set)');
    throw new StatusError(
      status.PERMISSION_DENIED,
      'admin calls are accepted only over loopback; set ADMIN_TOKEN on the service to allow them from other hosts',
    );
  }
}

// Hashing first makes both sides the same length, so the comparison takes the same time whatever
// the guess.
function sameSecret(a: string, b: string): boolean {
  const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
  return timingSafeEqual(h(a), h(b));
}

/** grpc-js peers are `address:port` (IPv6 unbracketed, e.g. `::1:5000`); IPv4-mapped loopback counts. */
export function isLoopbackPeer(peer: string): boolean {
  const colon = peer.lastIndexOf(':');
  if (colon < 0) return false;
  const host = peer
    .slice(0, colon)
    .replace(/^\[|\]$/g, '')
    .replace(/^::ffff:/i, '');
  return host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
