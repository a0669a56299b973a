import { productivHomePlugin } from './plugin';

describe('productiv-home', () => {
  it('should export plugin', () => {
    expect(productivHomePlugin).toBeDefined();
  });
});
