/**
 * `npm run id-reader:sim`: the simulated ID card reader service on loopback until Ctrl-C, loaded with the
 * demo customers' cards (each read takes the next; the queue starts over when empty).
 * ID_READER_PORT (default 8791), ID_READER_MODE (ok, noCard, expired, unplugged, timeout). Switch faults later with
 * `curl -X PUT http://127.0.0.1:8791/admin/faults -d '{"mode":"expired","times":1}'`; queue a card with
 * `curl -X POST http://127.0.0.1:8791/admin/cards -d '{"name":"…","idNumber":"…","validFrom":"20200101","validUntil":"20400101"}'`.
 */
import { demoIdCards } from './demo-cards';
import { READER_MODES, startIdReaderSimulator, type ReaderMode } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.ID_READER_PORT ?? 8791);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`ID card reader simulator: ID_READER_PORT must be a port number, got ${process.env.ID_READER_PORT}`);
    process.exit(2);
  }
  const mode = (process.env.ID_READER_MODE ?? 'ok') as ReaderMode;
  if (!READER_MODES.includes(mode)) {
    console.error(`ID card reader simulator: ID_READER_MODE must be one of ${READER_MODES.join(', ')}, got ${mode}`);
    process.exit(2);
  }
  let sim;
  try {
    sim = await startIdReaderSimulator({ port, cards: demoIdCards(), repeat: true, faults: { mode } });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(`ID card reader simulator: cannot start: ${e.code === 'EADDRINUSE' ? `port ${port} is in use (set ID_READER_PORT)` : e.message}`);
    process.exit(1);
  }
  const base = sim.url.replace(/\/api\/readcard$/, '');
  console.log('Simulated ID card reader (not a real reader: the demo customers\' made-up cards)');
  console.log(`  HTTP ${sim.url}  or  WebSocket ${sim.wsUrl}  <- set COUNTER_ID_READER_URL to one of these`);
  console.log(`  faults: ${JSON.stringify(sim.faults())}  (GET/PUT ${base}/admin/faults; cards: POST/DELETE ${base}/admin/cards)`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
