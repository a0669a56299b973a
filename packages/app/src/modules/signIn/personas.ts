import { Config } from '@backstage/config';

/** A demo persona offered on the sign-in page. */
export type DemoPersona = {
  userEntityRef: string;
  name: string;
  role: string;
  description: string;
};

/** Where the chosen persona is remembered between page loads. */
export const PERSONA_STORAGE_KEY = 'productiv-demo-persona';

/** Query parameter that picks a persona directly, e.g. `?persona=user:default/alex.morgan`. */
export const PERSONA_QUERY_PARAM = 'persona';

export function readPersonas(config: Config): DemoPersona[] {
  return (config.getOptionalConfigArray('app.demoPersonas') ?? []).map(c => ({
    userEntityRef: c.getString('userEntityRef'),
    name: c.getString('name'),
    role: c.getString('role'),
    description: c.getOptionalString('description') ?? '',
  }));
}

/**
 * The persona to sign in as: from the URL first (and remembered), then from
 * what was remembered.
 */
export function chosenPersona(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.search).get(
    PERSONA_QUERY_PARAM,
  );
  if (fromUrl) {
    window.localStorage.setItem(PERSONA_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return window.localStorage.getItem(PERSONA_STORAGE_KEY) ?? undefined;
}
