import { runWebMode } from './web';

/** Kiosk entry (dist/main/kiosk.cjs): the web transport only, for thin Linux terminals with a Chromium kiosk; HQ and printer must be configured. */
void runWebMode(null);
