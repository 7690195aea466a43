import type { Logger } from 'pino';
import type { HqRepos } from '../db';

/** What every HQ service needs: the repositories, the clock and the logger. */
export interface HqContext {
  repos: HqRepos;
  now: () => Date;
  logger: Logger;
  /** The base URL customers reach HQ's receipt verify page at (HQ_PUBLIC_URL; default the listening URL). */
  publicUrl?: () => string;
}
