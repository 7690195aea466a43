import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEnrolmentStore, EnrolmentStoreError, fileModeSealer, type EnrolmentRecord, type Sealer } from './enrolment-store';

/**
 * The enrolment at rest (issue 17 item 2), on real files: whole writes, mode 0600 in web mode, a wider file
 * narrowed, damage named, and the sealed (Electron) path — with an AES-256-GCM sealer standing in for
 * safeStorage, which needs the Electron binary this machine does not have.
 */
const record: EnrolmentRecord = {
  version: 1,
  enrolmentId: 'e-1',
  hqUrl: 'https://hq.example.cn',
  token: 'hqt_secret-token-value-0123456789',
  terminalId: 'S001-T02',
  storeCode: 'S001',
  storeName: '中关村店',
  terminalCode: 'T02',
  enrolledAt: '2026-12-03T06:00:00.000Z',
  reenrolled: true,
  ledger: { lastReceiptSeq: 41, lastEventSeq: 57, epoch: 1 },
  auditKey: { keyId: 'ak-1', keyBase64: Buffer.alloc(32, 7).toString('base64') },
};
const quiet = { warn: () => undefined };

function aesSealer(key: Buffer): Sealer {
  return {
    protection: 'safeStorage',
    seal: async (text) => {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(text, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    open: async (data) => {
      const d = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      d.setAuthTag(data.subarray(12, 28));
      return Buffer.concat([d.update(data.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

describe('enrolment store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enrol-store-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('web mode: nothing before enrolment; a written enrolment reads back, mode 0600, no temporary file left', async () => {
    const store = createEnrolmentStore({ dataDir: path.join(dir, 'data'), sealer: fileModeSealer, logger: quiet });
    expect(await store.read()).toBeNull();
    await store.write(record);
    expect(await store.read()).toEqual(record);
    expect(path.basename(store.file)).toBe('enrolment.json');
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.join(dir, 'data'))).toEqual(['enrolment.json']);
    // rewriting keeps 0600 and replaces the content whole
    await store.write({ ...record, token: 'hqt_second-token-0123456789' });
    expect((await store.read())?.token).toBe('hqt_second-token-0123456789');
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
  });

  it('a copy found readable by others is narrowed to 0600 when read, and said', async () => {
    const warnings: string[] = [];
    const store = createEnrolmentStore({ dataDir: dir, sealer: fileModeSealer, logger: { warn: (_o, m) => warnings.push(m) } });
    await store.write(record);
    fs.chmodSync(store.file, 0o644);
    expect(await store.read()).toEqual(record);
    expect(fs.statSync(store.file).mode & 0o777).toBe(0o600);
    expect(warnings.join()).toMatch(/narrowed to 0600/);
  });

  it('a damaged file stops the start with its name and what to do; a half-written temporary file is ignored', async () => {
    const store = createEnrolmentStore({ dataDir: dir, sealer: fileModeSealer, logger: quiet });
    fs.writeFileSync(`${store.file}.tmp`, '{"version":1,"tok');
    expect(await store.read()).toBeNull();
    fs.writeFileSync(store.file, '{"version":1,"tok', { mode: 0o600 });
    await expect(store.read()).rejects.toThrow(EnrolmentStoreError);
    await expect(store.read()).rejects.toThrow(/enrolment\.json: the enrolment file is damaged .*enrol this terminal again/);
    fs.writeFileSync(store.file, JSON.stringify({ ...record, token: undefined }));
    await expect(store.read()).rejects.toThrow(/damaged \(token\)/);
  });

  it('sealed: the bytes on disk hold no token or key; it opens with its key and not with another', async () => {
    const key = randomBytes(32);
    const store = createEnrolmentStore({ dataDir: dir, sealer: aesSealer(key), logger: quiet });
    await store.write(record);
    expect(path.basename(store.file)).toBe('enrolment.sealed');
    const bytes = fs.readFileSync(store.file);
    for (const secret of [record.token, record.auditKey.keyBase64, 'hqt_']) expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(await store.read()).toEqual(record);
    const otherUser = createEnrolmentStore({ dataDir: dir, sealer: aesSealer(randomBytes(32)), logger: quiet });
    await expect(otherUser.read()).rejects.toThrow(/cannot be opened .*enrol this terminal again/);
  });

  it('a web-mode enrolment is sealed and its plain copy removed when the Electron app starts on the folder; web mode does not open a sealed one', async () => {
    const web = createEnrolmentStore({ dataDir: dir, sealer: fileModeSealer, logger: quiet });
    await web.write(record);
    const sealed = createEnrolmentStore({ dataDir: dir, sealer: aesSealer(randomBytes(32)), logger: quiet });
    expect(await sealed.read()).toEqual(record);
    expect(fs.readdirSync(dir)).toEqual(['enrolment.sealed']);
    await expect(web.read()).rejects.toThrow(/enrolled in the Electron app/);
  });

  it('checkWritable says when the data folder takes no writes (asked before HQ uses the code up)', () => {
    const store = createEnrolmentStore({ dataDir: dir, sealer: fileModeSealer, logger: quiet });
    expect(() => store.checkWritable()).not.toThrow();
    expect(fs.readdirSync(dir)).toEqual([]);
    if (process.getuid?.() === 0) return; // root writes into read-only folders
    fs.chmodSync(dir, 0o500);
    try {
      expect(() => store.checkWritable()).toThrow(/EACCES/);
    } finally {
      fs.chmodSync(dir, 0o700);
    }
  });
});
