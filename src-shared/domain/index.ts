/** Public API of the pure business rules. Import from 'src-shared/domain' (this file). */
export * from './calendar';
export * from './device-number';
export {
  DOMAIN_MESSAGES,
  DOMAIN_NAMESPACE,
  domainError,
  type DomainMessageId,
  type DomainErrorExtras,
  type Failure,
} from './domain-errors';
export * from './money';
export * from './national-id';
export * from './payment';
export * from './payment-code';
export * from './refund-plan';
export * from './receipt-number';
export * from './reconciliation';
export * from './renewal';
export * from './time';
export * from './business-day';
export * from './offline-limits';
export * from './credit-code';
export * from './id-card';
export * from './plan-advice';
export * from './promotions';
export * from './account-service';
