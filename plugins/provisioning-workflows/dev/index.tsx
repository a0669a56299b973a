import '@backstage/cli/asset-types';
import { createApp } from '@backstage/frontend-defaults';
import ReactDOM from 'react-dom/client';
import provisioningWorkflowsPlugin from '../src/alpha';

// The plugin alone, for developing it: `yarn start` in this folder, with
// the backend's dev set-up running (`yarn start` in
// plugins/provisioning-workflows-backend, which answers as a mock user),
// then open http://localhost:3000/license-automation.
const app = createApp({ features: [provisioningWorkflowsPlugin] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());
