export * from './definition';
export { evaluateCalculator } from './evaluate';
export { calculatorItemType } from './item-type';
