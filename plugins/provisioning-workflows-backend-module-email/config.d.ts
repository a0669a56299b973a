export interface Config {
  connectors?: {
    /**
     * The mail server of Productiv (see @internal/email-connector).
     * Provisioning workflows' e-mail module warns people by mail with a
     * single-use Keep link; without it, the module registers nothing.
     */
    email?: {
      /** The sender of the warnings, e.g. `Productiv <productiv@acme.example.com>`. */
      from: string;
    };
  };
}
