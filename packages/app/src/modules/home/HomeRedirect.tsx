import { ErrorPage } from '@backstage/core-components';
import { Navigate, useLocation } from 'react-router-dom';

/**
 * The portal's front door: `/` opens Productiv Home, where a person finds
 * their requests, the approvals waiting for them and the app catalog. Any
 * other path that reaches this page gets a "not found" page, not a redirect.
 */
export const HomeRedirect = () => {
  const { pathname } = useLocation();
  if (pathname === '/' || pathname === '') {
    return <Navigate to="/productiv-home" replace />;
  }
  return (
    <ErrorPage
      status="404"
      statusMessage="This page does not exist"
      additionalInfo="Productiv Home is one click away in the sidebar."
    />
  );
};
