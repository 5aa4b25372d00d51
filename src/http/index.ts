export * from './handler';
export * from './respond';
export * from './body';
