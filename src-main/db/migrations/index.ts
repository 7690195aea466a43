import type { Migration } from '../../../src-node/db/connection';
import { migration as m0001 } from './0001-init';
import { migration as m0002 } from './0002-catalog';
import { migration as m0003 } from './0003-accounts';
import { migration as m0004 } from './0004-lookup-guard';
import { migration as m0005 } from './0005-sales';
import { migration as m0006 } from './0006-day-close';
import { migration as m0007 } from './0007-pin-guards';
import { migration as m0008 } from './0008-outbox-first-failure';
import { migration as m0009 } from './0009-cache-file';
import { migration as m0010 } from './0010-payment-intents';
import { migration as m0011 } from './0011-sale-refunds';
import { migration as m0012 } from './0012-shift-handover';
import { migration as m0013 } from './0013-sale-discounts';
import { migration as m0014 } from './0014-invoice-requests';

/** Every terminal schema version, in order. Add a file, add it here; never edit a shipped one. */
export const TERMINAL_MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009, m0010, m0011, m0012, m0013, m0014];
