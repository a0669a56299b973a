/**
 * The demo SaaS apps of the sandbox's Okta org. One entry is one Okta app,
 * i.e. one app instance; `product` groups instances of the same product
 * (the two Salesforce orgs). Apps with `tiers` are provisioned through a
 * tier group assigned to the app (Okta's provisioning features on); the
 * others assign users directly and are not provisioned from Okta, so the
 * product must fall back to a ticket for them.
 */
export type DemoApp = {
  key: string;
  label: string;
  /** The Okta app integration name, shared by instances of one product. */
  product: string;
  signOnMode: 'SAML_2_0' | 'OPENID_CONNECT';
  /** Tier name → Okta group name, plus the teams that hold each tier. */
  tiers?: Array<{ tier: string; group: string; teams: string[] }>;
  /** Teams whose members are assigned directly (scope USER). */
  directTeams?: string[];
};

export const DEMO_APPS: DemoApp[] = [
  {
    key: 'figma',
    label: 'Figma',
    product: 'figma',
    signOnMode: 'SAML_2_0',
    tiers: [
      {
        tier: 'viewer',
        group: 'Figma Viewer',
        teams: ['platform-engineering'],
      },
      {
        tier: 'editor',
        group: 'Figma Editor',
        teams: ['product-engineering', 'marketing'],
      },
    ],
  },
  {
    key: 'salesforce-production',
    label: 'Salesforce',
    product: 'salesforce',
    signOnMode: 'SAML_2_0',
    tiers: [
      {
        tier: 'sales-cloud',
        group: 'Salesforce Sales Cloud',
        teams: ['sales'],
      },
      { tier: 'platform', group: 'Salesforce Platform', teams: ['finance'] },
    ],
  },
  {
    key: 'salesforce-sandbox',
    label: 'Salesforce Sandbox',
    product: 'salesforce',
    signOnMode: 'SAML_2_0',
    tiers: [
      {
        tier: 'developer',
        group: 'Salesforce Sandbox Developers',
        teams: ['platform-engineering'],
      },
    ],
  },
  {
    key: 'github',
    label: 'GitHub Enterprise',
    product: 'githubcloud',
    signOnMode: 'SAML_2_0',
    tiers: [
      {
        tier: 'member',
        group: 'GitHub Members',
        teams: ['platform-engineering', 'product-engineering'],
      },
    ],
  },
  {
    key: 'zoom',
    label: 'Zoom',
    product: 'zoomus',
    signOnMode: 'SAML_2_0',
    tiers: [
      {
        tier: 'basic',
        group: 'Zoom Basic',
        teams: [
          'platform-engineering',
          'product-engineering',
          'marketing',
          'finance',
          'it',
        ],
      },
      { tier: 'pro', group: 'Zoom Pro', teams: ['sales'] },
    ],
  },
  {
    key: 'tableau',
    label: 'Tableau',
    product: 'tableau_online',
    signOnMode: 'SAML_2_0',
    tiers: [
      { tier: 'creator', group: 'Tableau Creator', teams: ['finance'] },
      { tier: 'explorer', group: 'Tableau Explorer', teams: [] },
      { tier: 'viewer', group: 'Tableau Viewer', teams: ['sales'] },
    ],
  },
  {
    key: 'miro',
    label: 'Miro',
    product: 'miro',
    signOnMode: 'SAML_2_0',
    directTeams: ['product-engineering', 'marketing'],
  },
  {
    key: 'notion',
    label: 'Notion',
    product: 'notion',
    signOnMode: 'OPENID_CONNECT',
    directTeams: ['marketing', 'it'],
  },
  {
    key: 'docusign',
    label: 'DocuSign',
    product: 'docusign',
    signOnMode: 'SAML_2_0',
  },
];

/**
 * People in Okta who are not in the portal's catalog: a service account, a
 * contractor and someone who left (deprovisioned).
 */
export const OKTA_ONLY_PEOPLE = [
  {
    login: 'svc.build@acme.example.com',
    firstName: 'Build',
    lastName: 'Service',
    title: 'Service account',
    department: 'IT',
    status: 'ACTIVE' as const,
  },
  {
    login: 'casey.wong@contractors.acme.example.com',
    firstName: 'Casey',
    lastName: 'Wong',
    title: 'Contract Designer',
    department: 'Marketing',
    status: 'ACTIVE' as const,
  },
  {
    login: 'jordan.blake@acme.example.com',
    firstName: 'Jordan',
    lastName: 'Blake',
    title: 'Account Executive',
    department: 'Sales',
    status: 'DEPROVISIONED' as const,
  },
];

/** People in the catalog who are not in Okta yet (new hires). */
export const NOT_IN_OKTA = ['nina.petrov'];
