export interface Config {
  app?: {
    /** How people sign in. */
    signIn?: {
      /**
       * `demo` (the default): the demo persona picker, backed by the
       * backend's demoPersona provider; `okta`: Backstage's Okta provider
       * (`auth.providers.okta`), for production.
       * @visibility frontend
       */
      provider?: 'demo' | 'okta';
    };
    /**
     * Personas offered on the demo sign-in page.
     * @visibility frontend
     */
    demoPersonas?: Array<{
      /** @visibility frontend */
      userEntityRef: string;
      /** @visibility frontend */
      name: string;
      /** @visibility frontend */
      role: string;
      /** @visibility frontend */
      description?: string;
    }>;
  };
}
