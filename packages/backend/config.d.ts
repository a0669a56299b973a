/**
 * The backend's own settings. The connectors' schemas (`connectors.*`) are
 * declared by the packages that read them: `connectors.okta` by
 * `@internal/okta-connector`, the others by the Productiv Home modules.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface Config {}
