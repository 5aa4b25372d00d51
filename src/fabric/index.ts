export * from './error-body';
export * from './errors';
