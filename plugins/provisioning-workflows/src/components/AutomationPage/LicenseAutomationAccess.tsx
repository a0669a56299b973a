import { ReactNode } from 'react';
import { useLicenseAutomationAccess } from './access';

/**
 * Shows its children (e.g. the sidebar's License automation entry) only to
 * people who may use license automation: admins and app admins. Nothing is
 * shown while that is being found out.
 */
export const LicenseAutomationAccess = (props: { children: ReactNode }) => {
  const access = useLicenseAutomationAccess();
  return access.allowed ? <>{props.children}</> : null;
};
