/**
 * `npm run gateway:sim`: the simulated payment gateway on loopback until Ctrl-C.
 * GATEWAY_PORT (default 8790), GATEWAY_CHARGE (success, userConfirm, declined, timeout, replyLost,
 * unreachable), GATEWAY_REFUND (ok, fail, replyLost). Switch faults later with
 * `curl -X PUT http://127.0.0.1:8790/admin/faults -d '{"charge":"declined","times":1}'`.
 */
import { startPaymentGatewaySimulator, type ChargeMode, type RefundMode } from './server';

async function main(): Promise<void> {
  const port = Number(process.env.GATEWAY_PORT ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`payment gateway simulator: GATEWAY_PORT must be a port number, got ${process.env.GATEWAY_PORT}`);
    process.exit(2);
  }
  let sim;
  try {
    sim = await startPaymentGatewaySimulator({
      port,
      faults: {
        charge: (process.env.GATEWAY_CHARGE ?? 'success') as ChargeMode,
        refund: (process.env.GATEWAY_REFUND ?? 'ok') as RefundMode,
      },
    });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    console.error(`payment gateway simulator: cannot start: ${e.code === 'EADDRINUSE' ? `port ${port} is in use (set GATEWAY_PORT)` : e.message}`);
    process.exit(1);
  }
  console.log('Simulated payment gateway (not a real provider: no money moves)');
  console.log(`  listening on ${sim.url}  <- set COUNTER_PAYMENT_GATEWAY_URL to this`);
  console.log(`  faults: ${JSON.stringify(sim.faults())}  (GET/PUT ${sim.url}/admin/faults, orders at ${sim.url}/admin/orders)`);
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
