import {
  Content,
  ContentHeader,
  Header,
  InfoCard,
  Page,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { ProductivHomeRole } from '@internal/plugin-productiv-home-common';
import Chip from '@material-ui/core/Chip';
import Grid from '@material-ui/core/Grid';
import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import Typography from '@material-ui/core/Typography';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { productivHomeApiRef } from '../../api';
import { AppCatalog } from '../AppCatalog/AppCatalog';
import { Approvals } from '../Approvals/Approvals';
import { HomeSettings } from '../HomeSettings/HomeSettings';
import { MyAccess } from '../MyAccess/MyAccess';
import { AtAGlance } from './AtAGlance';
import { MyRequests } from '../MyRequests/MyRequests';
import { People, Person } from '../RequestPage/Person';

const TABS = ['apps', 'access', 'requests', 'approvals', 'settings'] as const;
type TabName = (typeof TABS)[number];

/** Apps, my requests and approvals, with the tab kept in the URL (`?tab=`). */
const HomeTabs = (props: { admin: boolean }) => {
  const [params, setParams] = useSearchParams();
  const tab: TabName = TABS.includes(params.get('tab') as TabName)
    ? (params.get('tab') as TabName)
    : 'apps';
  const show = (next: TabName) => {
    const updated = new URLSearchParams(params);
    updated.set('tab', next);
    setParams(updated, { replace: true });
  };
  return (
    <>
      <Tabs
        value={tab}
        onChange={(_e, v) => show(v)}
        indicatorColor="primary"
        style={{ margin: '24px 0 16px' }}
      >
        <Tab value="apps" label="Apps" />
        <Tab value="access" label="My access" />
        <Tab value="requests" label="My requests" />
        <Tab value="approvals" label="Approvals" />
        {props.admin && <Tab value="settings" label="Settings" />}
      </Tabs>
      {tab === 'apps' && <AppCatalog onRequested={() => show('requests')} />}
      {tab === 'access' && <MyAccess onRequested={() => show('requests')} />}
      {tab === 'requests' && <MyRequests />}
      {tab === 'approvals' && <Approvals admin={props.admin} />}
      {tab === 'settings' && props.admin && <HomeSettings />}
    </>
  );
};

const ROLE_LABELS: Record<ProductivHomeRole, string> = {
  employee: 'Employee',
  approver: 'Approver',
  admin: 'Admin',
};

/** Body of the page, shared by the legacy and the new frontend system. */
export const ProductivHomeContent = () => {
  const api = useApi(productivHomeApiRef);
  const {
    value: profile,
    loading,
    error,
  } = useAsync(() => api.getProfile(), [api]);

  if (loading) {
    return <Progress />;
  }
  if (error) {
    return <ResponseErrorPanel error={error} />;
  }
  if (!profile) {
    return null;
  }

  return (
    <>
      <ContentHeader title={`Welcome, ${profile.displayName}`} />
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="You">
            <Typography variant="body1" data-testid="profile-title">
              {[profile.jobTitle, profile.department]
                .filter(Boolean)
                .join(', ')}
            </Typography>
            <Typography variant="body2" color="textSecondary">
              {profile.email}
            </Typography>
            {profile.managerRef && (
              <Typography variant="body2" data-testid="profile-manager">
                Manager: <Person entityRef={profile.managerRef} />
              </Typography>
            )}
            <Typography variant="body2">
              Teams: <People refs={profile.teams} none="none" />
            </Typography>
            <div data-testid="profile-roles">
              {profile.roles.map(role => (
                <Chip key={role} size="small" label={ROLE_LABELS[role]} />
              ))}
            </div>
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <AtAGlance approver={profile.roles.includes('approver')} />
          {profile.roles.includes('approver') && (
            <Typography
              variant="body2"
              data-testid="approver-note"
              style={{ marginTop: 8 }}
            >
              You approve requests of {profile.directReports.length} direct
              report{profile.directReports.length === 1 ? '' : 's'}.
            </Typography>
          )}
        </Grid>
      </Grid>
      <HomeTabs admin={profile.roles.includes('admin')} />
    </>
  );
};

/** The Productiv Home page with its own header, for the legacy frontend system. */
export const ProductivHomePage = () => (
  <Page themeId="tool">
    <Header
      title="Productiv Home"
      subtitle="Your company's apps, one request away"
    />
    <Content>
      <ProductivHomeContent />
    </Content>
  </Page>
);
