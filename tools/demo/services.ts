import { randomBytes } from 'node:crypto';
import type { EmbeddedServices } from '../../src-main/runtime';
import { startHq } from '../../src-hq/server';
import { startVirtualPrinter } from '../virtual-printer/server';
import { startPaymentGatewaySimulator } from '../payment-gateway/server';
import { demoIdCards } from '../id-reader/demo-cards';
import { startIdReaderSimulator } from '../id-reader/server';

/**
 * The demo composition `npm start` uses when nothing is configured: the reference HQ on loopback with
 * demo data, the virtual printer, the simulated payment gateway (so scanned payment codes work) and the
 * simulated ID card reader (the demo customers' cards, in turn). Lives in tools/ so the product
 * (src-main, the Electron bundle)
 * carries neither.
 */
export const demoServices: EmbeddedServices = {
  async startHq(config, logger) {
    const hq = await startHq({
      host: '127.0.0.1',
      port: config.hq.port,
      dataDir: config.hq.dataDir,
      adminToken: config.hq.adminToken ?? randomBytes(24).toString('base64url'),
      seed: 'demo',
      logger: logger.child({ component: 'embedded-hq' }),
    });
    logger.info({ url: hq.url, dataDir: config.hq.dataDir }, 'embedded reference HQ started (demo data)');
    return { url: hq.url, terminalToken: hq.demoTerminalToken, close: () => hq.close() };
  },
  async startPrinter(config, logger) {
    const printer = await startVirtualPrinter({ host: '127.0.0.1', port: config.virtualPrinter.port, outDir: config.virtualPrinter.outDir });
    logger.info({ target: printer.url, outDir: config.virtualPrinter.outDir }, 'virtual printer started');
    return { url: printer.url, close: () => printer.close() };
  },
  async startPaymentGateway(_config, logger) {
    const gateway = await startPaymentGatewaySimulator({ host: '127.0.0.1', port: 0 });
    logger.info({ url: gateway.url }, 'simulated payment gateway started (no money moves)');
    return { url: gateway.url, close: () => gateway.close() };
  },
  async startIdReader(_config, logger) {
    const reader = await startIdReaderSimulator({ host: '127.0.0.1', port: 0, cards: demoIdCards(), repeat: true });
    logger.info({ url: reader.url }, 'simulated ID card reader started (demo cards)');
    return { url: reader.url, close: () => reader.close() };
  },
};
