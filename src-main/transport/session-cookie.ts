import type { IncomingHttpHeaders } from 'node:http';
import type { SessionSlot } from '../../src-shared/contract';

/**
 * Web mode's session carrier (issue 10 item 10): the secret the main process makes at sign-in travels in
 * an HttpOnly, SameSite=Strict cookie scoped to /api/ — the page's fetches send it, its scripts cannot read
 * it, and another client holding only the launch token does not have it. Cookies are per host, not per
 * port, so the name carries the port (two terminals on one machine never share a session).
 */
export function sessionCookieName(port: number): string {
  return `counter_session_${port}`;
}

const SECRET = /^[A-Za-z0-9_-]{16,128}$/;

/** The caller's slot from its Cookie header: the secret when well-formed, else none (never throws). */
export function sessionSlotFrom(headers: IncomingHttpHeaders, name: string): SessionSlot {
  const raw = headers.cookie;
  if (typeof raw !== 'string') return { secret: null };
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    return { secret: SECRET.test(value) ? value : null };
  }
  return { secret: null };
}

/** The Set-Cookie header for a slot whose secret the call changed (sign-in sets it, sign-out clears it). */
export function sessionCookieHeader(name: string, secret: string | null): string {
  const attrs = 'Path=/api/; HttpOnly; SameSite=Strict';
  return secret === null ? `${name}=; ${attrs}; Max-Age=0` : `${name}=${secret}; ${attrs}`;
}
