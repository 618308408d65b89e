/** The role rule lives in the shared contract, so the guard and the console cannot disagree. */
export { hasRole } from '@ioc/shared';
