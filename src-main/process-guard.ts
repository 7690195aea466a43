/**
 * Web (kiosk) mode's last line of defence: an error that escaped every handler is logged and the
 * terminal keeps serving, so one bad request can never end a shift's process (issue 10, item 1). The
 * causes are fixed where they arise (web-server.ts answers every request itself); this only catches
 * what a future bug lets through. Each kind is logged with a running count.
 */
export interface GuardLog {
  error(obj: object, msg: string): void;
}

export function installProcessGuard(log: GuardLog, proc: NodeJS.Process = process): () => void {
  let rejections = 0;
  let exceptions = 0;
  const onRejection = (reason: unknown) => {
    rejections += 1;
    log.error({ err: reason, count: rejections }, 'unhandled promise rejection; kept serving');
  };
  const onException = (err: Error, origin: string) => {
    exceptions += 1;
    log.error({ err, origin, count: exceptions }, 'uncaught exception; kept serving');
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
