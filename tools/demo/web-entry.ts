import { runWebMode } from '../../src-main/entry/web';
import { demoServices } from './services';

/**
 * dist/main/web.cjs: the web (kiosk) mode with the demo services filling what is not configured (e2e,
 * first runs). A store kiosk with its HQ and printer configured never starts them; the product's own
 * kiosk entry without them is src-main/entry/web-entry.ts (dist/main/kiosk.cjs).
 */
void runWebMode(null, demoServices);
