import { configApiRef, oktaAuthApiRef } from '@backstage/core-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  renderInTestApp,
  TestApiProvider,
} from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { PortalSignInPage } from './PortalSignInPage';

function renderWith(app: object) {
  return renderInTestApp(
    <TestApiProvider
      apis={[
        [configApiRef, new ConfigReader({ app })],
        [oktaAuthApiRef, {} as any],
      ]}
    >
      <PortalSignInPage onSignInSuccess={jest.fn()} />
    </TestApiProvider>,
  );
}

describe('PortalSignInPage', () => {
  it('offers Okta and no persona when app.signIn.provider is okta', async () => {
    await renderWith({
      title: 'Acme',
      signIn: { provider: 'okta' },
      demoPersonas: [],
    });
    expect(await screen.findByText('Okta')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your company account'),
    ).toBeInTheDocument();
    expect(
      screen.queryByText('Demo sign-in: choose who you are'),
    ).not.toBeInTheDocument();
  });

  it('offers the demo personas by default', async () => {
    await renderWith({
      title: 'Acme',
      demoPersonas: [
        {
          userEntityRef: 'user:default/emma.jones',
          name: 'Emma Jones',
          role: 'Employee',
        },
      ],
    });
    expect(
      await screen.findByText('Demo sign-in: choose who you are'),
    ).toBeInTheDocument();
    expect(screen.getByText('Emma Jones')).toBeInTheDocument();
  });
});
