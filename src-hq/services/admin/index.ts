/** HQ back-office operations behind /admin, one file per entity (like src-hq/db/). */
export * from './plans';
export * from './accounts';
export * from './stores';
export * from './terminals';
export * from './received';
export * from './promotions';
