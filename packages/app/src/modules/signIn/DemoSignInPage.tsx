import { ProxiedSignInPage } from '@backstage/core-components';
import {
  configApiRef,
  IdentityApi,
  SignInPageProps,
  useApi,
} from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import Card from '@material-ui/core/Card';
import CardActions from '@material-ui/core/CardActions';
import CardContent from '@material-ui/core/CardContent';
import Grid from '@material-ui/core/Grid';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { chosenPersona, PERSONA_STORAGE_KEY, readPersonas } from './personas';

/** Forgets the persona on sign-out, so the picker shows again. */
function forgetPersonaOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(PERSONA_STORAGE_KEY);
      await identity.signOut();
    },
  };
}

/**
 * Demo sign-in: choose who to be (employee, approver, admin...). Backed by
 * the `demoPersona` auth provider of packages/backend.
 */
export const DemoSignInPage = (props: SignInPageProps) => {
  const config = useApi(configApiRef);
  const personas = readPersonas(config);
  const [persona, setPersona] = useState(chosenPersona);
  const [other, setOther] = useState('');

  if (persona) {
    return (
      <ProxiedSignInPage
        {...props}
        provider="demoPersona"
        headers={{ 'x-demo-persona': persona }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetPersonaOnSignOut(identity))
        }
      />
    );
  }

  const choose = (ref: string) => {
    window.localStorage.setItem(PERSONA_STORAGE_KEY, ref);
    setPersona(ref);
  };

  return (
    <div style={{ padding: 32, maxWidth: 1100, margin: '0 auto' }}>
      <Typography variant="h3" component="h1" gutterBottom>
        {config.getOptionalString('app.title') ?? 'Backstage'}
      </Typography>
      <Typography variant="h6" gutterBottom>
        Demo sign-in: choose who you are
      </Typography>
      <Grid container spacing={2}>
        {personas.map(p => (
          <Grid item xs={12} sm={6} md={4} key={p.userEntityRef}>
            <Card variant="outlined">
              <CardContent>
                <Typography variant="overline">{p.role}</Typography>
                <Typography variant="h6">{p.name}</Typography>
                <Typography variant="body2" color="textSecondary">
                  {p.description}
                </Typography>
              </CardContent>
              <CardActions>
                <Button
                  color="primary"
                  variant="contained"
                  onClick={() => choose(p.userEntityRef)}
                  aria-label={`Sign in as ${p.name}`}
                >
                  Sign in as {p.name}
                </Button>
              </CardActions>
            </Card>
          </Grid>
        ))}
      </Grid>
      <form
        style={{ marginTop: 24, display: 'flex', gap: 8 }}
        onSubmit={e => {
          e.preventDefault();
          const name = other.trim();
          if (name) choose(name.includes(':') ? name : `user:default/${name}`);
        }}
      >
        <TextField
          label="Or any user of the catalog (e.g. liam.patel)"
          value={other}
          onChange={e => setOther(e.target.value)}
          style={{ minWidth: 360 }}
        />
        <Button type="submit" variant="outlined">
          Sign in
        </Button>
      </form>
    </div>
  );
};
