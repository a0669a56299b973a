import { SignInPage } from '@backstage/core-components';
import {
  configApiRef,
  oktaAuthApiRef,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import { DemoSignInPage } from './DemoSignInPage';

const OKTA_PROVIDER = {
  id: 'okta-auth-provider',
  title: 'Okta',
  message: 'Sign in with your company account',
  apiRef: oktaAuthApiRef,
};

/**
 * The sign-in page `app.signIn.provider` names: Okta in production, the
 * demo persona picker otherwise.
 */
export const PortalSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  if (config.getOptionalString('app.signIn.provider') === 'okta') {
    return <SignInPage {...props} provider={OKTA_PROVIDER} />;
  }
  return <DemoSignInPage {...props} />;
};
