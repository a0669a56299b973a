export interface Config {
  app?: {
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
