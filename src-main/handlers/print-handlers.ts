import type { Handlers, HandlersOf, printingMethods } from '../../src-shared/contract';
import type { AppContext } from '../app-context';
import type { PrintService } from '../printing/print-service';

/** The print queue and printer settings: a signed-in clerk; settings changes also need a supervisor's PIN. */
export function printHandlers(ctx: AppContext, print: PrintService): HandlersOf<typeof printingMethods> & Pick<Handlers, 'sales.reprint'> {
  return {
    'printer.status': async () => print.status(),
    'printer.jobs': async () => ({ printer: print.status(), ...print.jobs() }),
    'printer.retryJob': async ({ jobId }, call) => ({ job: print.retryJob(jobId, call.clerk.clerkId) }),
    'printer.cancelJob': async ({ jobId }, call) => ({ job: print.cancelJob(jobId, call.clerk.clerkId) }),
    'printer.testPrint': async (_input, call) => ({ job: print.testPrint(call.clerk.clerkId) }),
    'printer.preview': async ({ saleId }) => print.preview(saleId),
    'printer.settings': async () => ({ settings: print.settings() }),
    'printer.updateSettings': async (input, call) => ({ settings: await print.updateSettings(input, call.clerk.clerkId) }),
    'sales.reprint': async ({ saleId }, call) => print.reprint(saleId, call.clerk.clerkId),
  };
}
