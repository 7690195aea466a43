import { runWebMode } from './web';

/** Kiosk entry: the web transport only (thin Linux terminals with a Chromium kiosk, and e2e tests). */
void runWebMode(null);
