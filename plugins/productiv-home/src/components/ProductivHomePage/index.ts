export { ProductivHomeContent, ProductivHomePage } from './ProductivHomePage';
