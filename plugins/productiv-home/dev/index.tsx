import '@backstage/cli/asset-types';
import { createApp } from '@backstage/frontend-defaults';
import ReactDOM from 'react-dom/client';
import productivHomePlugin from '../src/alpha';

// The plugin alone, for developing it: `yarn start` in this folder, with
// the backend's dev set-up running (`yarn start` in
// plugins/productiv-home-backend, which answers as a mock user), then open
// http://localhost:3000/productiv-home. Or point backend.baseUrl in
// app-config.local.yaml at a running portal's backend.
const app = createApp({ features: [productivHomePlugin] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
