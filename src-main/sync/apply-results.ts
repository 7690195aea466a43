import { EventResult, type OutboxEvent } from '../../src-shared/hq-protocol/schemas';
import type { AccountRepo } from '../db/repos/account-repo';
import type { OutboxRepo, OutboxRow } from '../db/repos/outbox-repo';
import type { SaleRepo } from '../db/repos/sale-repo';
import { deadLetterReason } from './dead-letters';
import { REPORTED_LOST_REASON_CODE, REPORTED_LOST_REASON_TEXT } from '../../src-shared/domain/account-service';
import { withoutResetCode, type ServiceAnswers } from './service-answers';

/**
 * What HQ's answer to one sent event means here: the local rows it changes and whether the outbox row is
 * acknowledged or waits in the dead letters for a person. One `switch` over the event types, which the
 * compiler checks is exhaustive: a new event type does not compile until its answer has a meaning.
 * Runs inside the outbox worker's transaction with the acknowledgement.
 */
export interface ResultApplierDeps {
  outbox: OutboxRepo;
  sales: SaleRepo;
  accounts: AccountRepo;
  /** The calls waiting for an account service's answer (services/account-service.ts). */
  serviceAnswers?: ServiceAnswers;
}

export type Applied = 'confirmed' | 'rejected' | 'dead';

export interface SentEvent {
  row: OutboxRow;
  event: OutboxEvent;
}

export function createResultApplier(deps: ResultApplierDeps) {
  const { outbox, sales, accounts } = deps;

  /** The local side of HQ's answer to one renewal (the sale and the cached device). */
  function applyRenewal(event: Extract<OutboxEvent, { type: 'sale.renewal' }>, result: EventResult): void {
    const sale = sales.findSaleById(event.payload.saleId);
    if (!sale) return;
    const latestOnDevice = !sales.hasLaterSaleOnDevice(sale.device_id, sale.receipt_seq);
    if (result.status === 'confirmed') {
      sales.applyHqConfirmation(sale.sale_id, result.newExpiry ?? null);
      if (result.newExpiry && latestOnDevice && !sale.voided_at) {
        accounts.updateDeviceSubscription({ deviceId: sale.device_id, planCode: sale.plan_code, expiresAt: result.newExpiry, status: 'active' });
      }
    } else if (result.status === 'rejected') {
      sales.applyHqRejection(sale.sale_id, result.code, result.messageZh, result.messageEn);
      // The local sale had moved the cached device on; HQ did not, so put it back.
      if (latestOnDevice) {
        accounts.updateDeviceSubscription({
          deviceId: sale.device_id,
          planCode: sale.previous_plan_code,
          expiresAt: sale.previous_expiry,
          status: sale.previous_status,
        });
      }
    }
  }

  /**
   * An account service: the waiting call gets HQ's answer (a reset code only there); a confirmation moves
   * the cached device (the change feed brings HQ's full record later); a refusal changes nothing here. A
   * refusal nobody waited for (the event was queued while HQ was away) waits in the dead letters.
   */
  function applyAccountService(sent: SentEvent, event: Extract<OutboxEvent, { type: `account.${string}` }>, result: EventResult, at: string): Applied {
    const waited = deps.serviceAnswers?.deliver(event.eventId, result) ?? false;
    if (result.status === 'confirmed') {
      if (event.type === 'account.reportLost') {
        accounts.updateDeviceStatus({ deviceId: event.payload.deviceId, status: 'suspended', statusReason: REPORTED_LOST_REASON_TEXT, statusReasonCode: REPORTED_LOST_REASON_CODE });
      } else if (event.type === 'account.cancelLost') {
        accounts.updateDeviceStatus({ deviceId: event.payload.deviceId, status: result.subscriptionStatus ?? 'active', statusReason: null, statusReasonCode: null });
      }
      return ack(sent.row, at, withoutResetCode(result));
    }
    if (result.status === 'rejected' && !waited) return refusalToDeadLetters(sent.row, result);
    return ack(sent.row, at, result);
  }

  /** A refusal with no other place to show: it waits for a person in the dead letters. */
  function refusalToDeadLetters(row: OutboxRow, result: Extract<EventResult, { status: 'rejected' }>): Applied {
    outbox.deadLetterEvent(row.seq, deadLetterReason('REJECTED', `${result.code}: ${result.messageEn}`), result);
    return 'dead';
  }

  function ack(row: OutboxRow, at: string, result: EventResult): Applied {
    outbox.markEventAcked(row.seq, at, result);
    return result.status === 'rejected' ? 'rejected' : 'confirmed';
  }

  return {
    /** Apply one readable result to its sent event; `at` is the acknowledgement time. */
    apply(sent: SentEvent, result: EventResult, at: string): Applied {
      const { row, event } = sent;
      if (result.status === 'conflict') {
        outbox.deadLetterEvent(row.seq, deadLetterReason('IDEMPOTENCY_CONFLICT', result.messageEn), result);
        return 'dead';
      }
      switch (event.type) {
        case 'sale.renewal':
          // a refused renewal is shown on the sale itself (and its device put back): acknowledged here
          applyRenewal(event, result);
          return ack(row, at, result);
        // an invoice request HQ refused (a voided sale, another request held there) waits for a person in the dead letters
        case 'sale.invoiceRequest':
        case 'sale.void':
        case 'day.close':
          return result.status === 'rejected' ? refusalToDeadLetters(row, result) : ack(row, at, result);
        case 'account.reportLost':
        case 'account.cancelLost':
        case 'account.changePhone':
        case 'account.resetApp':
          return applyAccountService(sent, event, result, at);
        default: {
          const unhandled: never = event;
          throw new Error(`no meaning for HQ's answer to ${(unhandled as OutboxEvent).type}`);
        }
      }
    },
  };
}
export type ResultApplier = ReturnType<typeof createResultApplier>;
