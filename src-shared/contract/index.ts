import type { z } from 'zod';
import { contract, type Contract } from './methods';

export { contract };
export type { Contract };
export * from './errors';
export * from './methods';
export * from './auth';
export * from './day';
export * from './lookup';
export * from './account';
export * from './sales';
export * from './payments';
export * from './printing';
export * from './sync';
export * from './shift';
export * from './ledger';
export * from './settings';
export * from './enrol';
export * from './cardinfo';
export { METHOD_NAMES, type MethodName } from './method-names';
import type { MethodName } from './method-names';
import type { ClerkSummary } from './auth';

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

/** A call that dispatch let through to a clerk or supervisor method: who is signed in. */
export interface SignedInCall extends CallContext {
  clerk: ClerkSummary;
}

/** The call context a method's handler receives: signed-in methods get the clerk from dispatch. */
export type CallFor<K extends Names> = Contract[K]['access'] extends 'public' ? CallContext : SignedInCall;

/** The table every transport registers: one async handler per contract method. */
export type Handlers = {
  [K in Names]: (input: ParsedInput<K>, ctx: CallFor<K>) => Promise<MethodOutput<K>>;
};

/** The handlers of one contract slice (`HandlersOf<typeof lookupMethods>`): the names come from the slice. */
export type HandlersOf<Slice> = Pick<Handlers, keyof Slice & Names>;

/** METHOD_NAMES and the contract's keys are the same set, checked by the compiler. */
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const methodNamesMatchContract: SameSet<MethodName, Names> = true;
void methodNamesMatchContract;

/** What a transport moves: a method name and an input; what comes back is an Envelope. */
export interface Transport {
  call(name: string, input: unknown): Promise<import('./errors').Envelope<unknown>>;
}
