import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BackupOpenError, openBackup, readBackupHeader, sealBackup, type BackupSecret } from './sealed-backup';

const token: BackupSecret = { source: 'hqToken', secret: 'hqt_terminal-token-one' };
const itKey: BackupSecret = { source: 'backupKey', secret: 'it-recovery-key-correct-horse' };
const ledger = { ledgerId: 'L1', sales: 2, lastReceiptSeq: 2, lastReceiptNo: 'S001-T01-20261203-000002', lastEventSeq: 4 };
const plain = Buffer.concat([Buffer.from('SQLite format 3\0'), randomBytes(4096), Buffer.alloc(20_000, 7)]);
const seal = (key = token, terminalId = 'T-1') => sealBackup({ plain, terminalId, schemaVersion: 12, createdAt: '2026-12-03T02:00:00.000Z', ledger, key });

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof BackupOpenError) return err.reason;
    throw err;
  }
  return 'opened';
}

describe('sealed ledger backups (AES-256-GCM, HKDF-SHA256 key)', () => {
  it('round trip: the file comes back byte for byte; the header is public, the content is not', () => {
    const sealed = seal();
    const { header, plain: back } = openBackup(sealed, { terminalId: 'T-1', keys: [token] });
    expect(back.equals(plain)).toBe(true);
    expect(header).toMatchObject({ terminalId: 'T-1', schemaVersion: 12, keySource: 'hqToken', plainBytes: plain.length, ledger });
    expect(readBackupHeader(sealed).header.ledger).toEqual(ledger);
    // neither the SQLite magic nor the compressible run shows in the sealed bytes
    expect(sealed.includes(Buffer.from('SQLite format 3'))).toBe(false);
    expect(sealed.includes(Buffer.alloc(64, 7))).toBe(false);
    // a fresh salt and IV every time: the same file seals differently
    expect(seal().equals(sealed)).toBe(false);
  });

  it('a wrong terminal, a wrong or missing key, a flipped bit in the body, tag or header are each refused by name', () => {
    const sealed = seal();
    expect(failure(() => openBackup(sealed, { terminalId: 'T-2', keys: [token] }))).toBe('wrongTerminal');
    expect(failure(() => openBackup(sealed, { terminalId: 'T-1', keys: [{ source: 'hqToken', secret: 'hqt_another-token' }] }))).toBe('wrongKey');
    expect(failure(() => openBackup(sealed, { terminalId: 'T-1', keys: [itKey] }))).toBe('keyMissing');
    const prefix = readBackupHeader(sealed).prefixBytes;
    for (const at of [prefix + 5, sealed.length - 3]) {
      const bad = Buffer.from(sealed);
      bad[at]! ^= 0x01;
      expect(failure(() => openBackup(bad, { terminalId: 'T-1', keys: [token] }))).toBe('corrupt');
    }
    // the header is authenticated too: raising a number in it breaks the tag
    const text = sealed.toString('latin1').replace('"sales":2', '"sales":9');
    expect(failure(() => openBackup(Buffer.from(text, 'latin1'), { terminalId: 'T-1', keys: [token] }))).toBe('corrupt');
    expect(failure(() => openBackup(sealed.subarray(0, sealed.length - 40), { terminalId: 'T-1', keys: [token] }))).toBe('corrupt');
    expect(failure(() => openBackup(Buffer.from('not a backup at all, just text'), { terminalId: 'T-1', keys: [token] }))).toBe('corrupt');
  });

  it('IT’s backup key is used when set and survives a new HQ token', () => {
    const sealed = seal(itKey);
    expect(readBackupHeader(sealed).header.keySource).toBe('backupKey');
    const newToken: BackupSecret = { source: 'hqToken', secret: 'hqt_after-reenrolment' };
    expect(openBackup(sealed, { terminalId: 'T-1', keys: [newToken, itKey] }).plain.equals(plain)).toBe(true);
  });
});
