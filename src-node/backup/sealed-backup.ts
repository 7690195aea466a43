/**
 * A ledger backup sealed for HQ (issue 17 item 6): the SQLite backup file, gzip-compressed and encrypted
 * with AES-256-GCM before it leaves the terminal. HQ stores the sealed bytes and reads only the public
 * header (terminal, time, schema version, last numbers) to list them; it cannot decrypt them.
 *
 * Layout: `CTBACKUP` + version byte 1 + header length (uint32 BE) + header JSON + ciphertext + 16-byte GCM tag.
 * The whole prefix (magic, version, length, header) is the GCM additional data, so a changed header fails
 * the tag just like changed ciphertext.
 *
 * Key: HKDF-SHA256 over the terminal's backup secret (COUNTER_BACKUP_KEY when IT set one, else the
 * terminal's HQ token — HQ keeps only the token's SHA-256, never the token), a random 16-byte salt per
 * backup, and the terminal id in the info string (a backup opened as another terminal fails). `keyCheck`
 * (8 bytes of HMAC-SHA256 under the derived key) lets the restoring terminal tell "wrong key" from "damaged".
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';

const MAGIC = Buffer.from('CTBACKUP', 'ascii');
const VERSION = 1;
const PREFIX = MAGIC.length + 1 + 4;
const TAG_BYTES = 16;
const MAX_HEADER_BYTES = 16 * 1024;

/** Which secret the key was derived from: IT's backup key, or the terminal's HQ token. */
export type BackupKeySource = 'backupKey' | 'hqToken';

export interface BackupLedgerSummary {
  ledgerId: string | null;
  sales: number;
  lastReceiptSeq: number;
  lastReceiptNo: string | null;
  lastEventSeq: number;
}

/** What anyone (HQ included) can read of a sealed backup. */
export interface SealedBackupHeader {
  terminalId: string;
  createdAt: string;
  /** The terminal database's schema version (PRAGMA user_version) the backup was taken at. */
  schemaVersion: number;
  keySource: BackupKeySource;
  keyCheck: string;
  salt: string;
  iv: string;
  /** The uncompressed SQLite file: its size and SHA-256 (checked again after decryption). */
  plainBytes: number;
  plainSha256: string;
  ledger: BackupLedgerSummary;
}

/** Why a sealed backup cannot be opened (the restoring terminal translates these). */
export type BackupOpenFailure = 'corrupt' | 'wrongTerminal' | 'wrongKey' | 'keyMissing';

export class BackupOpenError extends Error {
  constructor(readonly reason: BackupOpenFailure, message: string) {
    super(message);
    this.name = 'BackupOpenError';
  }
}

export interface BackupSecret {
  source: BackupKeySource;
  secret: string;
}

function deriveKey(secret: string, salt: Buffer, terminalId: string): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secret, 'utf8'), salt, `counter-terminal ledger backup v1|${terminalId}`, 32));
}

function keyCheckOf(key: Buffer): string {
  return createHmac('sha256', key).update('counter-terminal backup key check').digest().subarray(0, 8).toString('hex');
}

function prefixFor(header: Buffer): Buffer {
  const p = Buffer.alloc(PREFIX);
  MAGIC.copy(p, 0);
  p.writeUInt8(VERSION, MAGIC.length);
  p.writeUInt32BE(header.length, MAGIC.length + 1);
  return Buffer.concat([p, header]);
}

export interface SealInput {
  plain: Buffer;
  terminalId: string;
  schemaVersion: number;
  createdAt: string;
  ledger: BackupLedgerSummary;
  key: BackupSecret;
}

/** Compress and encrypt a backup file's bytes. */
export function sealBackup(input: SealInput): Buffer {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const key = deriveKey(input.key.secret, salt, input.terminalId);
  const header: SealedBackupHeader = {
    terminalId: input.terminalId,
    createdAt: input.createdAt,
    schemaVersion: input.schemaVersion,
    keySource: input.key.source,
    keyCheck: keyCheckOf(key),
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    plainBytes: input.plain.length,
    plainSha256: createHash('sha256').update(input.plain).digest('hex'),
    ledger: input.ledger,
  };
  const prefix = prefixFor(Buffer.from(JSON.stringify(header), 'utf8'));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(prefix);
  const body = Buffer.concat([cipher.update(gzipSync(input.plain)), cipher.final()]);
  return Buffer.concat([prefix, body, cipher.getAuthTag()]);
}

function isSummary(v: unknown): v is BackupLedgerSummary {
  const l = v as Partial<BackupLedgerSummary> | null;
  return (
    !!l &&
    (l.ledgerId === null || typeof l.ledgerId === 'string') &&
    Number.isInteger(l.sales) &&
    Number.isInteger(l.lastReceiptSeq) &&
    Number.isInteger(l.lastEventSeq) &&
    (l.lastReceiptNo === null || typeof l.lastReceiptNo === 'string')
  );
}

/** The public header of a sealed backup (HQ's check on upload); throws BackupOpenError('corrupt') when it is not one. */
export function readBackupHeader(sealed: Buffer): { header: SealedBackupHeader; prefixBytes: number } {
  const bad = (why: string): never => {
    throw new BackupOpenError('corrupt', `not a sealed ledger backup: ${why}`);
  };
  if (sealed.length < PREFIX + TAG_BYTES || !sealed.subarray(0, MAGIC.length).equals(MAGIC)) bad('no CTBACKUP header');
  if (sealed.readUInt8(MAGIC.length) !== VERSION) bad(`format version ${sealed.readUInt8(MAGIC.length)} is not known`);
  const len = sealed.readUInt32BE(MAGIC.length + 1);
  if (len > MAX_HEADER_BYTES || PREFIX + len + TAG_BYTES > sealed.length) bad('header length out of range');
  let h: Partial<SealedBackupHeader>;
  try {
    h = JSON.parse(sealed.subarray(PREFIX, PREFIX + len).toString('utf8')) as Partial<SealedBackupHeader>;
  } catch {
    return bad('header is not JSON');
  }
  if (
    typeof h.terminalId !== 'string' ||
    typeof h.createdAt !== 'string' ||
    Number.isNaN(Date.parse(h.createdAt)) ||
    !Number.isInteger(h.schemaVersion) ||
    (h.keySource !== 'backupKey' && h.keySource !== 'hqToken') ||
    typeof h.keyCheck !== 'string' ||
    typeof h.salt !== 'string' ||
    typeof h.iv !== 'string' ||
    !Number.isInteger(h.plainBytes) ||
    typeof h.plainSha256 !== 'string' ||
    !isSummary(h.ledger)
  ) {
    bad('header fields missing');
  }
  return { header: h as SealedBackupHeader, prefixBytes: PREFIX + len };
}

/**
 * Decrypt and check a sealed backup for this terminal: the header names this terminal, the key matches,
 * the GCM tag holds, and the decompressed file has the size and SHA-256 the header promised.
 */
export function openBackup(sealed: Buffer, expect: { terminalId: string; keys: BackupSecret[] }): { header: SealedBackupHeader; plain: Buffer } {
  const { header, prefixBytes } = readBackupHeader(sealed);
  if (header.terminalId !== expect.terminalId) {
    throw new BackupOpenError('wrongTerminal', `backup of terminal ${header.terminalId}, not ${expect.terminalId}`);
  }
  const secret = expect.keys.find((k) => k.source === header.keySource);
  if (!secret) throw new BackupOpenError('keyMissing', `backup sealed with the ${header.keySource}, which this terminal does not have`);
  const key = deriveKey(secret.secret, Buffer.from(header.salt, 'base64'), header.terminalId);
  if (keyCheckOf(key) !== header.keyCheck) throw new BackupOpenError('wrongKey', `backup sealed with a different ${header.keySource}`);
  let plain: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(header.iv, 'base64'));
    decipher.setAAD(sealed.subarray(0, prefixBytes));
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    const zipped = Buffer.concat([decipher.update(sealed.subarray(prefixBytes, sealed.length - TAG_BYTES)), decipher.final()]);
    plain = gunzipSync(zipped, { maxOutputLength: Math.max(1, header.plainBytes) });
  } catch {
    throw new BackupOpenError('corrupt', 'backup failed its integrity check (damaged or altered)');
  }
  if (plain.length !== header.plainBytes || createHash('sha256').update(plain).digest('hex') !== header.plainSha256) {
    throw new BackupOpenError('corrupt', 'backup content does not match its header');
  }
  return { header, plain };
}
