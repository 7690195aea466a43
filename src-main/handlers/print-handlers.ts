import type { Handlers } from '../../src-shared/contract';
import type { AppContext } from '../app-context';
import type { PrintService } from '../printing/print-service';

type PrintMethod =
  | 'printer.status'
  | 'printer.jobs'
  | 'printer.retryJob'
  | 'printer.cancelJob'
  | 'printer.testPrint'
  | 'printer.preview'
  | 'printer.settings'
  | 'printer.updateSettings'
  | 'sales.reprint';

/** The print queue and printer settings: a signed-in clerk; settings changes also need a supervisor's PIN. */
export function printHandlers(ctx: AppContext, print: PrintService): Pick<Handlers, PrintMethod> {
  return {
    'printer.status': async () => {
      ctx.auth.requireSignedIn();
      return print.status();
    },
    'printer.jobs': async () => {
      ctx.auth.requireSignedIn();
      return { printer: print.status(), ...print.jobs() };
    },
    'printer.retryJob': async ({ jobId }) => ({ job: print.retryJob(jobId, ctx.auth.requireSignedIn().clerkId) }),
    'printer.cancelJob': async ({ jobId }) => ({ job: print.cancelJob(jobId, ctx.auth.requireSignedIn().clerkId) }),
    'printer.testPrint': async () => ({ job: print.testPrint(ctx.auth.requireSignedIn().clerkId) }),
    'printer.preview': async ({ saleId }) => {
      ctx.auth.requireSignedIn();
      return print.preview(saleId);
    },
    'printer.settings': async () => {
      ctx.auth.requireSignedIn();
      return { settings: print.settings() };
    },
    'printer.updateSettings': async (input) => ({
      settings: await print.updateSettings(input, ctx.auth.requireSignedIn().clerkId),
    }),
    'sales.reprint': async ({ saleId }) => print.reprint(saleId, ctx.auth.requireSignedIn().clerkId),
  };
}
