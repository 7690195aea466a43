import type { z } from 'zod';
import { contract, type Contract } from './methods';

export { contract };
export type { Contract };
export * from './errors';
export * from './methods';
export * from './auth';
export * from './day';
export * from './lookup';
export * from './sales';
export * from './payments';
export * from './printing';
export * from './sync';
export * from './shift';
export * from './ledger';
export { METHOD_NAMES, type MethodName } from './method-names';

type Names = keyof Contract;
export type MethodInput<K extends Names> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends Names> = z.output<Contract[K]['input']>;
export type MethodOutput<K extends Names> = z.output<Contract[K]['output']>;

/**
 * The session secret one caller holds, kept by its transport (web: an HttpOnly cookie; Electron: the
 * window's webContents). Sign-in writes it, sign-out clears it; the main process decides what it is worth.
 */
export interface SessionSlot {
  secret: string | null;
}

/** Who called: handlers may not care, but logs and the audit trail do. */
export interface CallContext {
  transport: 'ipc' | 'web' | 'test';
  /** Absent for in-process callers (tests, tools): dispatch gives them one slot of their own. */
  session?: SessionSlot;
}

/** The table every transport registers: one async handler per contract method. */
export type Handlers = {
  [K in Names]: (input: ParsedInput<K>, ctx: CallContext) => Promise<MethodOutput<K>>;
};

/** What a transport moves: a method name and an input; what comes back is an Envelope. */
export interface Transport {
  call(name: string, input: unknown): Promise<import('./errors').Envelope<unknown>>;
}
