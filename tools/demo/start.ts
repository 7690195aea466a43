import { launch } from '../../src-main/entry/start';
import { demoServices } from './services';

/** `npm start` (dist/main/start.cjs): the launcher with the demo services filling what is not configured. */
launch(demoServices);
