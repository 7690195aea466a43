export * from './width';
export * from './model';
export * from './sale-receipt';
