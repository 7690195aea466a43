import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startIdReaderSimulator, type IdReaderSimulator, type SimCard } from '../../../tools/id-reader/server';
import { DEFAULT_ID_READER_FIELDS, createIdReader, isLoopbackReaderUrl, type IdReaderConfig } from './id-reader';

/**
 * Issue 15 item 2: the reader adapter against the simulated reader service over real loopback HTTP and
 * WebSocket: a read, and each fault (no card, expired card, unplugged, timeout, service down).
 */
const card: SimCard = { name: '张秀英', idNumber: '11010519491231002X', address: '北京市海淀区中关村南大街5号', validFrom: '20160301', validUntil: '20360301' };
const clock = { now: () => new Date('2026-12-03T04:00:00Z'), timeZone: () => 'Asia/Shanghai' };
let sim: IdReaderSimulator;

beforeAll(async () => {
  sim = await startIdReaderSimulator({ now: clock.now });
});
afterAll(async () => {
  await sim.close();
});
beforeEach(() => {
  sim.setFaults({ mode: 'ok', times: null });
});

const cfg = (url: string, patch: Partial<IdReaderConfig> = {}): IdReaderConfig => ({ url, fields: DEFAULT_ID_READER_FIELDS, wsRequest: '{"cmd":"readcard"}', timeoutMs: 800, ...patch });

for (const transport of ['http', 'ws'] as const) {
  describe(`reading over ${transport}`, () => {
    const reader = () => createIdReader(cfg(transport === 'http' ? sim.url : sim.wsUrl), clock);

    it('fills the ID, the name on the card and the dates; the photo as a data URL, the address for the moment', async () => {
      sim.queue(card);
      const r = await reader().read();
      expect(r).toMatchObject({ nationalId: card.idNumber, name: '张秀英', validFrom: '2016-03-01', validUntil: '2036-03-01', address: card.address });
      expect(r.photoDataUrl).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(reader().transport).toBe(transport);
    });

    it('a long-term card (长期) reads with no end date', async () => {
      sim.queue({ ...card, validUntil: '长期' });
      expect((await reader().read()).validUntil).toBeNull();
    });

    it('an expired card is refused with its end date, translated by the domain rule', async () => {
      sim.queue(card);
      sim.setFaults({ mode: 'expired', times: 1 });
      await expect(reader().read()).rejects.toMatchObject({ code: 'ID_CARD_EXPIRED', messageKey: 'domain:idCardExpired', field: 'nationalId', params: { until: '2026-12-01' } });
    });

    it('no card, unplugged and timeout each say what to do', async () => {
      await expect(reader().read()).rejects.toMatchObject({ code: 'ID_READER_NO_CARD', messageKey: 'cardinfo:errors.noCard' });
      sim.queue(card);
      sim.setFaults({ mode: 'unplugged', times: 1 });
      await expect(reader().read()).rejects.toMatchObject({ code: 'ID_READER_ERROR', messageKey: 'cardinfo:errors.readerError', params: { message: '读卡器未连接' } });
      sim.setFaults({ mode: 'timeout', times: 1 });
      await expect(reader().read()).rejects.toMatchObject({ code: 'ID_READER_TIMEOUT', messageKey: 'cardinfo:errors.readerTimeout' });
      // the card stayed queued through the faults and reads now
      expect((await reader().read()).nationalId).toBe(card.idNumber);
    });
  });
}

describe('the adapter without a service', () => {
  it('a service that is not running is "unavailable"; no service configured is "not configured"', async () => {
    const down = await startIdReaderSimulator();
    const url = down.url;
    await down.close();
    await expect(createIdReader(cfg(url), clock).read()).rejects.toMatchObject({ code: 'ID_READER_UNAVAILABLE' });
    await expect(createIdReader(cfg(url.replace('http:', 'ws:').replace('/api/readcard', '/ws')), clock).read()).rejects.toMatchObject({ code: 'ID_READER_UNAVAILABLE' });
    const none = createIdReader(undefined, clock);
    expect(none.configured).toBe(false);
    await expect(none.read()).rejects.toMatchObject({ code: 'ID_READER_NOT_CONFIGURED' });
  });

  it('a vendor with other field names works through the field mapping', async () => {
    const vendor = await startIdReaderSimulator({ now: clock.now, cards: [card] });
    try {
      // the same service read through a mapping that names the same fields explicitly, and one that points elsewhere
      const ok = await createIdReader(cfg(vendor.url, { fields: { ...DEFAULT_ID_READER_FIELDS, name: 'data.certAddress' } }), clock).read();
      expect(ok.name).toBe(card.address);
    } finally {
      await vendor.close();
    }
  });

  it('only loopback reader URLs are accepted', () => {
    expect(isLoopbackReaderUrl('http://127.0.0.1:8791/api/readcard')).toBe(true);
    expect(isLoopbackReaderUrl('ws://localhost:8791/ws')).toBe(true);
    expect(isLoopbackReaderUrl('http://[::1]:1/x')).toBe(true);
    expect(isLoopbackReaderUrl('http://192.168.1.5:8791/api/readcard')).toBe(false);
    expect(isLoopbackReaderUrl('https://127.0.0.1/x')).toBe(false);
    expect(isLoopbackReaderUrl('file:///etc/passwd')).toBe(false);
  });
});
