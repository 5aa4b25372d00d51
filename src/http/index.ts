export * from './handler';
export * from './respond';
export * from './body';
export * from './errors';
export * from './json-text';
