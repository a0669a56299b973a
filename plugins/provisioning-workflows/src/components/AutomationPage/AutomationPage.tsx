import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { ReactRouterV6PageRouter } from '@backstage/frontend-adapter-react-router-v6';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { useRef } from 'react';
import { Route, Routes } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { provisioningWorkflowsApiRef } from '../../api/ProvisioningWorkflowsApi';
import { warningsRouteRef } from '../../routes';
import { InstanceList } from '../InstanceList/InstanceList';
import { InstancePage } from '../InstancePage/InstancePage';
import { InventoryPanel } from '../InventoryPanel/InventoryPanel';
import { PageTabs, useTabParam } from '../PageTabs/PageTabs';
import { SavingsDashboard } from '../SavingsDashboard/SavingsDashboard';
import { WarningPage, WarningsList } from '../WarningsPage/WarningsPage';
import { automationPagePermission, useLicenseAutomationAccess } from './access';
import { isRefusal, RefusedPage } from './RefusedPage';

const TABS = ['savings', 'workflows', 'inventory'] as const;
type TabName = (typeof TABS)[number];

/**
 * The savings dashboard and the inventory for those who read the inventory,
 * and the instances with their workflows.
 */
const AutomationTabs = (props: { inventory: boolean }) => {
  const api = useApi(provisioningWorkflowsApiRef);
  const warningsLink = useRouteRef(warningsRouteRef);
  const instances = useAsyncRetry(() => api.listInstances(), [api]);
  // Decided once: a sync that brings the first instances must not switch
  // the tab from under the admin who started it.
  const firstTab = useRef<TabName>();
  if (!firstTab.current && (instances.value || instances.error)) {
    if (!props.inventory) firstTab.current = 'workflows';
    else firstTab.current = instances.value?.length ? 'savings' : 'inventory';
  }
  const tabs = props.inventory ? TABS : (['workflows'] as const);
  const { tab, show } = useTabParam<TabName>(
    tabs,
    firstTab.current ?? (props.inventory ? 'inventory' : 'workflows'),
  );

  if (instances.loading && !instances.value) return <Progress />;
  if (instances.error && isRefusal(instances.error)) {
    return <RefusedPage error={instances.error} />;
  }
  return (
    <>
      <Box display="flex" alignItems="center">
        <Typography variant="body1" style={{ flexGrow: 1 }}>
          Reclaim or downgrade the licenses that SSO activity shows are unused,
          app instance by app instance.
        </Typography>
        <Link to={warningsLink()}>Your license warnings</Link>
      </Box>
      <PageTabs
        tab={tab}
        show={show}
        labels={
          props.inventory
            ? {
                savings: 'Savings',
                workflows: 'Workflows',
                inventory: 'Inventory',
              }
            : ({ workflows: 'Workflows' } as Record<TabName, string>)
        }
      />
      {tab === 'savings' && props.inventory && <SavingsDashboard />}
      {tab === 'workflows' &&
        (instances.error ? (
          <ResponseErrorPanel error={instances.error} />
        ) : (
          <InstanceList instances={instances.value ?? []} />
        ))}
      {tab === 'inventory' && props.inventory && (
        <InventoryPanel onSynced={instances.retry} />
      )}
    </>
  );
};

/**
 * The start page: the savings dashboard, app instances with their
 * workflows, and the inventory (sync and ingest runs). Opens on the
 * dashboard, or on the inventory until there are instances; app admins who
 * do not read the inventory see their workflows only.
 */
export const AutomationHome = () => {
  const access = useLicenseAutomationAccess();
  if (access.loading) return <Progress />;
  if (!access.allowed) {
    return <RefusedPage permission={automationPagePermission.name} />;
  }
  return <AutomationTabs inventory={access.inventory} />;
};

/**
 * Body of the license automation page and its sub-pages, shared by the
 * legacy and the new frontend system.
 */
export const LicenseAutomationContent = () => (
  <ReactRouterV6PageRouter>
    <Routes>
      <Route path="/" element={<AutomationHome />} />
      <Route path="instances/:instanceId" element={<InstancePage />} />
      <Route path="warnings" element={<WarningsList />} />
      <Route path="warnings/:actionId" element={<WarningPage />} />
    </Routes>
  </ReactRouterV6PageRouter>
);

/** The license automation page with its own header, for the legacy frontend system. */
export const LicenseAutomationPage = () => (
  <Page themeId="tool">
    <Header
      title="License automation"
      subtitle="Provisioning workflows over SSO activity"
    />
    <Content>
      <LicenseAutomationContent />
    </Content>
  </Page>
);
