/**
 * Enrolment codes (issue 17 item 2): HQ issues a one-time code for a store and terminal number; IT types it
 * (or scans its QR) on the new terminal together with HQ's address. Pure: used by HQ, the terminal and the
 * renderer.
 *
 * A code is 16 characters from an alphabet without look-alikes (no 0/O, 1/I/L), shown in groups of four:
 * `K7QM-3XRD-PW9A-HT2C` — about 79 bits, so guessing one is hopeless. Typing is forgiving: case, spaces and
 * dashes do not matter.
 */
export const ENROLMENT_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const ENROLMENT_CODE_LENGTH = 16;

/** The code as HQ hashes it (uppercase, no separators), or null when it cannot be a code. */
export function normaliseEnrolmentCode(input: string): string | null {
  const compact = input.toUpperCase().replace(/[\s-]+/g, '');
  if (compact.length !== ENROLMENT_CODE_LENGTH) return null;
  for (const ch of compact) if (!ENROLMENT_CODE_ALPHABET.includes(ch)) return null;
  return compact;
}

/** `ABCDEFGHJKMNPQRS` → `ABCD-EFGH-JKMN-PQRS`. */
export function formatEnrolmentCode(normalised: string): string {
  return normalised.replace(/(.{4})(?=.)/g, '$1-');
}

/** A new code from `randomBytes(n)` of the caller's crypto (rejection sampling keeps it uniform). */
export function makeEnrolmentCode(randomBytes: (n: number) => Uint8Array): string {
  const n = ENROLMENT_CODE_ALPHABET.length;
  const limit = 256 - (256 % n);
  let out = '';
  while (out.length < ENROLMENT_CODE_LENGTH) {
    for (const b of randomBytes(32)) {
      if (b >= limit) continue;
      out += ENROLMENT_CODE_ALPHABET[b % n];
      if (out.length === ENROLMENT_CODE_LENGTH) break;
    }
  }
  return formatEnrolmentCode(out);
}

/** What the QR holds: `counter-enrol:?code=<code>&hq=<HQ address>` (a scanner types it into the enrolment screen). */
export const ENROLMENT_QR_PREFIX = 'counter-enrol:?';

export function enrolmentQrPayload(code: string, hqUrl: string): string {
  return `${ENROLMENT_QR_PREFIX}${new URLSearchParams({ code, hq: hqUrl }).toString()}`;
}

/** A scanned (or pasted) QR payload: its code and HQ address; null when the text is not one. */
export function parseEnrolmentQr(text: string): { code: string; hqUrl: string } | null {
  const t = text.trim();
  if (!t.toLowerCase().startsWith(ENROLMENT_QR_PREFIX)) return null;
  const params = new URLSearchParams(t.slice(ENROLMENT_QR_PREFIX.length));
  const code = params.get('code');
  const hqUrl = params.get('hq');
  if (!code || !hqUrl || normaliseEnrolmentCode(code) === null) return null;
  return { code, hqUrl };
}

/** An HQ address the terminal may call: http(s), a host, no credentials, query or fragment; trailing slashes dropped. */
export function normaliseHqUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (!url.hostname || url.username || url.password || url.search || url.hash) return null;
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
