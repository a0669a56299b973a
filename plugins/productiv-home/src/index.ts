export { productivHomePlugin as default } from './plugin';
