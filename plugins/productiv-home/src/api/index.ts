export * from './ProductivHomeApi';
export * from './ProductivHomeClient';
