export interface Config {
  connectors?: {
    /**
     * The mail server of Productiv: approvals and tickets to IT (Productiv
     * Home), license warnings (provisioning workflows). Without it, the
     * e-mail modules register nothing.
     */
    email?: {
      smtp: {
        host: string;
        port: number;
        /** TLS from the start (port 465); otherwise STARTTLS when offered. */
        secure?: boolean;
        username?: string;
        /** @visibility secret */
        password?: string;
      };
      /** The sender, e.g. `Productiv <productiv@acme.example.com>`. */
      from: string;
    };
  };
}
