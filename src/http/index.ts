export * from './handler';
export * from './respond';
export * from './body';
export * from './json-text';
