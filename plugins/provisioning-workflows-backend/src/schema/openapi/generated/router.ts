//
// This file is generated from src/schema/openapi.yaml by scripts/openapi-generate.mjs.
// Do not edit it: change the spec and run `yarn generate` in the package.
//
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'provisioning-workflows',
    version: '1',
    description:
      'App inventory synced from Okta, SSO activity, the runs of the background jobs, and provisioning workflows (rules, exempt lists, previews, runs, suggestions, warnings with opt-out, results and audit events). Mounted at /api/provisioning-workflows. Every route but /health needs a Backstage user or service token.',
  },
  servers: [
    {
      url: '/',
    },
  ],
  paths: {
    '/health': {
      get: {
        summary: 'Liveness',
        security: [],
        responses: {
          '200': {
            description: 'Up',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                      enum: ['ok'],
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
        },
      },
    },
    '/runs': {
      get: {
        summary:
          'Runs of the inventory sync, activity ingest and workflows, newest first',
        description: 'Needs provisioning-workflows.inventory.read.',
        parameters: [
          {
            name: 'kind',
            in: 'query',
            schema: {
              $ref: '#/components/schemas/RunKind',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 50,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Runs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Run',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/apps': {
      get: {
        summary:
          'Apps (products) with their instances, groups and license tiers',
        description:
          'Needs provisioning-workflows.inventory.read; service callers are allowed.',
        responses: {
          '200': {
            description: 'Apps',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/App',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/instances/{instanceId}/assignments': {
      get: {
        summary:
          'Who is assigned to an instance, with tier, last sign-in and 30/90-day sign-ins',
        description: 'Needs provisioning-workflows.activity.read (admins).',
        parameters: [
          {
            name: 'instanceId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Assignments',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/InstanceAssignment',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/instances/{instanceId}/tiers': {
      put: {
        summary:
          'Set the license tiers of an instance, lowest first (name, description, Okta group, price per seat, seats)',
        description:
          'Needs provisioning-workflows.workflow.manage. Audited. The list is in order, lowest tier first. Each tier key and each Okta group appears once, and a group must be assigned to the instance in Okta.',
        parameters: [
          {
            name: 'instanceId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['tiers'],
                properties: {
                  tiers: {
                    type: 'array',
                    maxItems: 20,
                    description: 'Lowest tier first.',
                    items: {
                      type: 'object',
                      required: ['tier'],
                      properties: {
                        tier: {
                          type: 'string',
                          description: 'Surrounding spaces are trimmed.',
                          pattern: '^\\s*[a-z0-9][a-z0-9-]*\\s*$',
                          maxLength: 64,
                          'x-error-message':
                            'use up to 64 lower-case letters, digits and dashes',
                        },
                        displayName: {
                          type: 'string',
                          description:
                            'The name people see; surrounding spaces are trimmed. Suggested from the group when absent.',
                          pattern: '\\S',
                          maxLength: 64,
                          'x-error-message':
                            'give a name of 1 to 64 characters, or leave it out',
                        },
                        description: {
                          type: 'string',
                          maxLength: 500,
                          'x-error-message':
                            'shorten the description to 500 characters or fewer',
                        },
                        groupId: {
                          type: 'string',
                          minLength: 1,
                          maxLength: 64,
                        },
                        monthlyPrice: {
                          type: 'number',
                          minimum: 0,
                          maximum: 1000000,
                        },
                        seats: {
                          type: 'integer',
                          description:
                            'Licensed seats; a whole number, 0 or more.',
                          minimum: 0,
                          maximum: 10000000,
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The instance with its new tiers',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AppInstance',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/people/unmatched': {
      get: {
        summary: 'People in the catalog but not in Okta, and the reverse',
        description: 'Needs provisioning-workflows.inventory.read.',
        responses: {
          '200': {
            description: 'Unmatched people',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    catalogOnly: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          entityRef: {
                            type: 'string',
                          },
                          email: {
                            type: 'string',
                          },
                        },
                      },
                    },
                    oktaOnly: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          oktaUserId: {
                            type: 'string',
                          },
                          email: {
                            type: 'string',
                          },
                          status: {
                            type: 'string',
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/people/peer-usage': {
      get: {
        summary:
          "Apps used in the last 30 days by a person's teams, title and department, with distinct-user counts",
        description:
          'A person may ask about themselves; about anyone else needs provisioning-workflows.activity.read.',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              type: 'string',
              example: 'user:default/emma.jones',
              pattern: '^user:[^/]+/.+$',
              'x-error-message':
                'must be a user entity ref such as user:default/emma.jones',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Peer usage',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PeerUsage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/people/holdings': {
      get: {
        summary:
          'The licenses a person holds now, from the inventory (app, tier, since when, last sign-in)',
        description:
          'A person may ask about themselves without any provisioning-workflows permission; about anyone else needs provisioning-workflows.inventory.read. Service callers are allowed. 404 for a person the inventory does not know yet (until the next sync).',
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              type: 'string',
              example: 'user:default/emma.jones',
              pattern: '^user:[^/]+/.+$',
              'x-error-message':
                'must be a user entity ref such as user:default/emma.jones',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Holdings, by app name',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/PersonHolding',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/teams/usage': {
      get: {
        summary:
          'The apps a team uses (seats its direct members hold per tier, and who signed in within 30 days)',
        description:
          "For the team card on a catalog Group page. The group's direct members (its hasMember relations in the catalog) may ask, and so may holders of provisioning-workflows.inventory.read or provisioning-workflows.workflow.manage; anyone else gets 403. Service callers are allowed. 404 for a group the catalog does not have.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            required: true,
            allowReserved: true,
            schema: {
              type: 'string',
              example: 'group:default/platform-engineering',
              pattern: '^group:[^/]+/.+$',
              'x-error-message':
                'must be a group entity ref such as group:default/platform-engineering',
            },
          },
        ],
        responses: {
          '200': {
            description: "The team's seats, by app name, lowest tier first",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/TeamUsage',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/dashboard': {
      get: {
        summary:
          'The savings dashboard (seats, spend, unused seats, potential and realised savings per app and in total, and 12 weeks of spend and savings)',
        description:
          'The landing view of License automation. Needs provisioning-workflows.inventory.read; service callers are allowed. Money is per month in the currency the tier prices are kept in. Potential savings are the previews of the enabled workflows; realised savings are the done actions of finished runs, net of restores.',
        responses: {
          '200': {
            description: 'The dashboard, apps by name',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/SavingsDashboard',
                },
              },
            },
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/sync/{kind}': {
      post: {
        summary: 'Start the inventory sync or the activity ingest now',
        description: 'Needs provisioning-workflows.workflow.manage. Audited.',
        parameters: [
          {
            name: 'kind',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              enum: ['inventory', 'activity'],
            },
          },
        ],
        responses: {
          '202': {
            description: 'Started',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    status: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            description: 'Already running',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '503': {
            description: 'Okta is not configured',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
        },
      },
    },
    '/workflows': {
      get: {
        summary: 'App instances the caller manages, with their workflow status',
        description:
          'Needs provisioning-workflows.app.manage on the app (app admins for their apps, super admins for all).',
        responses: {
          '200': {
            description: 'Instances',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/InstanceWorkflowSummary',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/workflows/{instanceId}': {
      get: {
        summary:
          'An instance, its workflow (if set up) and the recommended workflows for it',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
        ],
        responses: {
          '200': {
            description: 'Instance and workflow',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    instance: {
                      $ref: '#/components/schemas/AppInstance',
                    },
                    workflow: {
                      $ref: '#/components/schemas/Workflow',
                    },
                    status: {
                      type: 'string',
                      enum: ['needs-setup', 'active', 'paused'],
                    },
                    templates: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          id: {
                            type: 'string',
                          },
                          title: {
                            type: 'string',
                          },
                          description: {
                            type: 'string',
                          },
                          definition: {
                            $ref: '#/components/schemas/WorkflowDefinition',
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
      put: {
        summary: 'Sets up or changes the workflow (a new one starts active)',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/WorkflowDefinition',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The saved workflow',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Workflow',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/workflows/{instanceId}/status': {
      put: {
        summary:
          'Pauses or resumes the workflow (scheduled runs stop while paused)',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['status'],
                properties: {
                  status: {
                    type: 'string',
                    enum: ['active', 'paused'],
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The workflow',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Workflow',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/workflows/{instanceId}/preview': {
      post: {
        summary: 'The people the workflow would act on now; changes nothing',
        description:
          'Previews the definition in the body (the one being edited), or the saved workflow when the body has none. Exempt people (lists of the instance and global ones, exempt groups, new hires) are left out.',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 200000,
              default: 1000,
            },
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  definition: {
                    $ref: '#/components/schemas/WorkflowDefinition',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The preview; `total` counts every match, `entries` holds up to `limit`',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowPreview',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/workflows/{instanceId}/backtest': {
      post: {
        summary:
          'What the workflow would have done on a past day; changes nothing',
        description:
          'Runs the definition in the body (the one being edited), or the saved workflow when the body has none, as of the end of a past UTC day (`asOf`, or `daysAgo` 30, 60 or 90): the assignments held then and the activity up to that day. Says whom it would have changed, which of them signed in to the app again afterwards (would-be regrets), and the monthly saving from the tier prices.',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              maximum: 200000,
              default: 1000,
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  asOf: {
                    type: 'string',
                    format: 'date',
                  },
                  daysAgo: {
                    type: 'integer',
                    enum: [30, 60, 90],
                  },
                  definition: {
                    $ref: '#/components/schemas/WorkflowDefinition',
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The backtest; `total` counts every match, `entries` holds up to `limit`',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowBacktest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/workflows/{instanceId}/runs': {
      post: {
        summary:
          'Runs the workflow once now (optionally as a dry run that changes nothing)',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
        ],
        requestBody: {
          required: false,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  dryRun: {
                    type: 'boolean',
                    default: false,
                  },
                },
              },
            },
          },
        },
        responses: {
          '202': {
            description:
              'The run, planning; follow it with GET /workflow-runs/{runId}',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
      get: {
        summary: 'Runs of the workflow, newest first',
        description: 'Needs provisioning-workflows.history.read on the app.',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 200,
              default: 20,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Runs',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/WorkflowRun',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/workflows/{instanceId}/results': {
      get: {
        summary:
          'Results report - licenses provisioned and people engaged per week over 13 weeks, actions, savings, suggestions, runs',
        parameters: [
          {
            $ref: '#/components/parameters/instanceId',
          },
        ],
        responses: {
          '200': {
            description: 'Results',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowResults',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/workflow-runs/{runId}': {
      get: {
        summary: 'A run with its progress (actions per status)',
        parameters: [
          {
            name: 'runId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be a run id (a UUID)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The run',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowRun',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/workflow-actions': {
      get: {
        summary: 'Actions of a run or an instance, with their outcome',
        parameters: [
          {
            name: 'runId',
            in: 'query',
            schema: {
              type: 'string',
              format: 'uuid',
            },
          },
          {
            name: 'instanceId',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          {
            name: 'status',
            in: 'query',
            description: 'Comma-separated statuses',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/WorkflowActionStatus',
              },
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
          {
            name: 'offset',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 0,
              default: 0,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Actions',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    total: {
                      type: 'integer',
                    },
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/WorkflowAction',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/suggestions/decide': {
      post: {
        summary: 'Accepts (the change is made) or dismisses suggestions',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['ids', 'decision'],
                properties: {
                  ids: {
                    type: 'array',
                    minItems: 1,
                    maxItems: 1000,
                    items: {
                      type: 'string',
                      format: 'uuid',
                    },
                  },
                  decision: {
                    type: 'string',
                    enum: ['accept', 'dismiss'],
                  },
                },
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Which changed; the others were decided already',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    changed: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                    unchanged: {
                      type: 'array',
                      items: {
                        type: 'string',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/exemptions': {
      get: {
        summary: 'Exempt people and groups of an instance, or the global list',
        parameters: [
          {
            name: 'scope',
            in: 'query',
            description: 'global or an instance id',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
              default: 'global',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Exemptions',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Exemption',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
      post: {
        summary:
          'Adds exempt people (e-mail) or groups (group:default/vps), one by one or as CSV',
        description:
          "The global list needs provisioning-workflows.exemptions.manage; an instance's needs app.manage.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                description:
                  'Either `entries` (not empty) or `csv` (not empty), not both.',
                required: ['scope'],
                properties: {
                  scope: {
                    type: 'string',
                    minLength: 1,
                    maxLength: 64,
                    description: 'global or an instance id',
                  },
                  entries: {
                    type: 'array',
                    maxItems: 10000,
                    items: {
                      type: 'object',
                      required: ['value'],
                      properties: {
                        value: {
                          type: 'string',
                          minLength: 1,
                          maxLength: 320,
                        },
                        note: {
                          type: 'string',
                          maxLength: 255,
                        },
                      },
                    },
                  },
                  csv: {
                    type: 'string',
                    maxLength: 2000000,
                    description:
                      'One e-mail or group ref per line, optionally a note after a comma',
                  },
                },
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'How many were new, and the list',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    added: {
                      type: 'integer',
                    },
                    exemptions: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Exemption',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '413': {
            $ref: '#/components/responses/TooLarge',
          },
        },
      },
    },
    '/exemptions/{id}': {
      delete: {
        summary: 'Removes an exemption',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be an exemption id (a UUID)',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Removed',
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
        },
      },
    },
    '/warnings': {
      get: {
        summary: "The caller's warnings of upcoming license changes",
        responses: {
          '200': {
            description: 'Warnings',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/WorkflowAction',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
        },
      },
    },
    '/warnings/{actionId}/opt-out': {
      post: {
        summary: 'The warned person keeps their license (until the deadline)',
        parameters: [
          {
            name: 'actionId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be an action id (a UUID)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The action, now opted-out',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/WorkflowAction',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
        },
      },
    },
    '/people/taken-back': {
      get: {
        summary:
          'Licenses workflows took from a person in the last 90 days, newest first, with whether each can be restored now',
        description:
          "The caller's, or with entityRef someone else's (needs provisioning-workflows.inventory.read). Productiv Home's My access shows them as Recently taken back, read on behalf of the person.",
        parameters: [
          {
            name: 'entityRef',
            in: 'query',
            schema: {
              type: 'string',
              maxLength: 255,
            },
          },
        ],
        responses: {
          '200': {
            description: 'What was taken',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/TakenBackLicense',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
    '/workflow-actions/{actionId}/restore': {
      post: {
        summary:
          'Give back the license a workflow took, at the same tier, in one click',
        description:
          "For the person it was taken from, or an admin of the app. Within the app's restore window (its workflow's restore.windowDays, 30 by default) and when its settings need no approval; otherwise 409 with a message that says to request the app in Productiv Home, and where. The change is made by a durable job through the license executor; a second call answers the first restore (200).",
        parameters: [
          {
            name: 'actionId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be an action id (a UUID)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The restore asked for before',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LicenseRestore',
                },
              },
            },
          },
          '201': {
            description: 'The restore, queued',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/LicenseRestore',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
          '404': {
            $ref: '#/components/responses/NotFound',
          },
          '409': {
            $ref: '#/components/responses/Conflict',
          },
        },
      },
    },
    '/audit-events': {
      get: {
        summary:
          'Every workflow change, run and action, newest first, paginated by cursor, no look-back limit',
        description:
          'Super admins (and service callers) read every event; app admins the events of their apps.',
        parameters: [
          {
            name: 'from',
            in: 'query',
            allowReserved: true,
            schema: {
              $ref: '#/components/schemas/Time',
            },
          },
          {
            name: 'to',
            in: 'query',
            allowReserved: true,
            schema: {
              $ref: '#/components/schemas/Time',
            },
          },
          {
            name: 'appKey',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'instanceId',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 64,
            },
          },
          {
            name: 'type',
            in: 'query',
            description: 'Comma-separated event types',
            style: 'form',
            explode: false,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/AuditEventType',
              },
            },
          },
          {
            name: 'actor',
            in: 'query',
            allowReserved: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'runId',
            in: 'query',
            schema: {
              type: 'string',
              format: 'uuid',
            },
          },
          {
            name: 'cursor',
            in: 'query',
            description: 'nextCursor of the previous page',
            schema: {
              type: 'string',
              pattern: '^\\d+$',
              'x-error-message': 'use the nextCursor of the previous page',
            },
          },
          {
            name: 'limit',
            in: 'query',
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 1000,
              default: 100,
            },
          },
        ],
        responses: {
          '200': {
            description: 'A page of events',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AuditEvent',
                      },
                    },
                    nextCursor: {
                      type: 'string',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/BadRequest',
          },
          '401': {
            $ref: '#/components/responses/Unauthorized',
          },
          '403': {
            $ref: '#/components/responses/Forbidden',
          },
        },
      },
    },
  },
  components: {
    parameters: {
      instanceId: {
        name: 'instanceId',
        in: 'path',
        required: true,
        description: 'Okta app id of the instance',
        schema: {
          type: 'string',
        },
      },
    },
    responses: {
      BadRequest: {
        description: 'Invalid input, with the reason',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Unauthorized: {
        description: 'No or bad Backstage token',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      TooLarge: {
        description:
          'The body is larger than the route accepts (100kb; 4mb for the exempt lists)',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Conflict: {
        description: 'The state does not allow it now; the message says why',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      Forbidden: {
        description: 'Not allowed',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
      NotFound: {
        description: 'Not found',
        content: {
          'application/json': {
            schema: {
              $ref: '#/components/schemas/Error',
            },
          },
        },
      },
    },
    schemas: {
      Time: {
        type: 'string',
        format: 'date-time',
        'x-error-message': 'must be an ISO 8601 time',
      },
      Error: {
        type: 'object',
        description:
          "Backstage's error body (no stack trace outside development): what went wrong, and which request and status it answers",
        required: ['error', 'request', 'response'],
        properties: {
          error: {
            type: 'object',
            required: ['name', 'message'],
            properties: {
              name: {
                type: 'string',
              },
              message: {
                type: 'string',
              },
            },
          },
          request: {
            type: 'object',
            required: ['method', 'url'],
            properties: {
              method: {
                type: 'string',
              },
              url: {
                type: 'string',
              },
            },
          },
          response: {
            type: 'object',
            required: ['statusCode'],
            properties: {
              statusCode: {
                type: 'integer',
              },
            },
          },
        },
      },
      RunKind: {
        type: 'string',
        enum: ['inventory-sync', 'activity-ingest', 'workflow'],
      },
      Run: {
        type: 'object',
        required: ['id', 'kind', 'status', 'startedAt', 'stats'],
        properties: {
          id: {
            type: 'string',
          },
          kind: {
            $ref: '#/components/schemas/RunKind',
          },
          status: {
            type: 'string',
            enum: ['running', 'succeeded', 'failed'],
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          stats: {
            type: 'object',
            additionalProperties: {
              type: 'number',
            },
          },
          error: {
            type: 'string',
          },
        },
      },
      LicenseTier: {
        type: 'object',
        description:
          "A tier of an instance; an instance's tiers are listed lowest first.",
        required: ['tier', 'displayName', 'rank', 'holders', 'source'],
        properties: {
          tier: {
            type: 'string',
            description: 'The key rules and requests use',
          },
          displayName: {
            type: 'string',
            description: 'The name people see',
          },
          description: {
            type: 'string',
          },
          groupId: {
            type: 'string',
          },
          groupName: {
            type: 'string',
          },
          monthlyPrice: {
            type: 'number',
            description: 'Per seat; unknown when absent',
          },
          seats: {
            type: 'integer',
            description: 'Licensed seats, when set',
          },
          rank: {
            type: 'integer',
            description: '0 for the lowest tier',
          },
          holders: {
            type: 'integer',
            description: "Current assignments through the tier's group",
          },
          source: {
            type: 'string',
            enum: ['admin', 'suggested'],
          },
        },
      },
      AppInstance: {
        type: 'object',
        required: [
          'id',
          'appKey',
          'label',
          'status',
          'groups',
          'tiers',
          'assignedUsers',
        ],
        properties: {
          id: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          label: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['ACTIVE', 'INACTIVE', 'REMOVED'],
          },
          signOnMode: {
            type: 'string',
          },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                priority: {
                  type: 'integer',
                },
              },
            },
          },
          tiers: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/LicenseTier',
            },
          },
          assignedUsers: {
            type: 'integer',
          },
        },
      },
      App: {
        type: 'object',
        required: ['key', 'name', 'instances'],
        properties: {
          key: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          instances: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/AppInstance',
            },
          },
        },
      },
      PersonHolding: {
        type: 'object',
        description:
          'One app instance a person is assigned to, and through which tier.',
        required: [
          'instanceId',
          'appKey',
          'appName',
          'instanceLabel',
          'assignedAt',
        ],
        properties: {
          instanceId: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          instanceLabel: {
            type: 'string',
          },
          tier: {
            type: 'string',
            description:
              'The tier key; absent when no tier grants the assignment',
          },
          tierDisplayName: {
            type: 'string',
          },
          groupId: {
            type: 'string',
            description:
              'The Okta group that assigns the app; absent for a direct assignment',
          },
          assignedAt: {
            type: 'string',
            format: 'date-time',
          },
          lastSignIn: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      SavingsDashboard: {
        type: 'object',
        required: ['currency', 'generatedAt', 'apps', 'totals', 'series'],
        properties: {
          currency: {
            type: 'string',
            description: 'ISO 4217 code of every amount',
            example: 'USD',
          },
          generatedAt: {
            type: 'string',
            format: 'date-time',
          },
          apps: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/DashboardApp',
            },
          },
          totals: {
            $ref: '#/components/schemas/DashboardFigures',
          },
          series: {
            type: 'array',
            description: 'Spend and realised savings per week, oldest first',
            items: {
              $ref: '#/components/schemas/DashboardPoint',
            },
          },
        },
      },
      DashboardFigures: {
        type: 'object',
        required: [
          'seatsHeld',
          'unusedSeats',
          'monthlySpend',
          'unpricedSeats',
          'potentialMonthlySaving',
          'potentialSeats',
          'realisedGrossMonthlySaving',
          'restoredMonthlySaving',
          'realisedMonthlySaving',
        ],
        properties: {
          seatsHeld: {
            type: 'integer',
            description: 'People holding a seat now',
          },
          unusedSeats: {
            type: 'integer',
            description:
              'Holders with no sign-in to the app in the last 30 days',
          },
          monthlySpend: {
            type: 'number',
            description:
              "Held seats times their tier's monthly price, over priced tiers",
          },
          unpricedSeats: {
            type: 'integer',
            description:
              'Held seats whose tier has no price: their spend is unknown',
          },
          purchasedSeats: {
            type: 'integer',
            description:
              'Seats bought, over tiers with a seat count; absent when none has one',
          },
          purchasedMonthlySpend: {
            type: 'number',
            description: 'Purchased seats times their monthly price',
          },
          potentialMonthlySaving: {
            type: 'number',
            description:
              'What the enabled workflows would reclaim or downgrade now (their previews)',
          },
          potentialSeats: {
            type: 'integer',
            description: 'People the enabled workflows would change now',
          },
          realisedGrossMonthlySaving: {
            type: 'number',
            description: 'Monthly savings of the changes finished runs made',
          },
          restoredMonthlySaving: {
            type: 'number',
            description:
              'Monthly savings given back by restores after a reclaim',
          },
          realisedMonthlySaving: {
            type: 'number',
            description: 'Realised savings net of restores',
          },
        },
      },
      DashboardApp: {
        type: 'object',
        description: 'One app instance on the savings dashboard.',
        required: [
          'instanceId',
          'appKey',
          'appName',
          'instanceLabel',
          'workflowEnabled',
          'seatsHeld',
          'unusedSeats',
          'monthlySpend',
          'unpricedSeats',
          'potentialMonthlySaving',
          'potentialSeats',
          'realisedGrossMonthlySaving',
          'restoredMonthlySaving',
          'realisedMonthlySaving',
        ],
        properties: {
          instanceId: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          instanceLabel: {
            type: 'string',
          },
          workflowEnabled: {
            type: 'boolean',
            description: 'An active workflow runs on this app',
          },
          seatsHeld: {
            type: 'integer',
            description: 'People holding a seat now',
          },
          unusedSeats: {
            type: 'integer',
            description:
              'Holders with no sign-in to the app in the last 30 days',
          },
          monthlySpend: {
            type: 'number',
            description:
              "Held seats times their tier's monthly price, over priced tiers",
          },
          unpricedSeats: {
            type: 'integer',
            description:
              'Held seats whose tier has no price: their spend is unknown',
          },
          purchasedSeats: {
            type: 'integer',
            description:
              'Seats bought, over tiers with a seat count; absent when none has one',
          },
          purchasedMonthlySpend: {
            type: 'number',
            description: 'Purchased seats times their monthly price',
          },
          potentialMonthlySaving: {
            type: 'number',
            description:
              'What the enabled workflows would reclaim or downgrade now (their previews)',
          },
          potentialSeats: {
            type: 'integer',
            description: 'People the enabled workflows would change now',
          },
          realisedGrossMonthlySaving: {
            type: 'number',
            description: 'Monthly savings of the changes finished runs made',
          },
          restoredMonthlySaving: {
            type: 'number',
            description:
              'Monthly savings given back by restores after a reclaim',
          },
          realisedMonthlySaving: {
            type: 'number',
            description: 'Realised savings net of restores',
          },
        },
      },
      DashboardPoint: {
        type: 'object',
        required: ['from', 'to', 'realisedMonthlySaving'],
        properties: {
          from: {
            type: 'string',
            description: 'First UTC day, YYYY-MM-DD',
          },
          to: {
            type: 'string',
            description: 'Last UTC day, YYYY-MM-DD',
          },
          monthlySpend: {
            type: 'number',
            description:
              "Spend as of the period's last inventory snapshot; absent when none was taken",
          },
          realisedMonthlySaving: {
            type: 'number',
            description:
              'Monthly savings of the changes made in the period, net of its restores',
          },
        },
      },
      TeamUsage: {
        type: 'object',
        required: ['entityRef', 'members', 'items'],
        properties: {
          entityRef: {
            type: 'string',
          },
          members: {
            type: 'integer',
            description: "The group's direct members in the catalog",
          },
          items: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/TeamAppUsage',
            },
          },
        },
      },
      TeamAppUsage: {
        type: 'object',
        description: 'One tier of one app instance as a team holds it.',
        required: [
          'instanceId',
          'appKey',
          'appName',
          'instanceLabel',
          'seats',
          'activeUsers',
        ],
        properties: {
          instanceId: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          instanceLabel: {
            type: 'string',
          },
          tier: {
            type: 'string',
            description: 'The tier key; absent for seats no tier grants',
          },
          tierDisplayName: {
            type: 'string',
          },
          seats: {
            type: 'integer',
            description: "Seats the team's members hold",
          },
          activeUsers: {
            type: 'integer',
            description:
              'Members holding a seat who signed in to the app within 30 days',
          },
        },
      },
      InstanceAssignment: {
        type: 'object',
        required: ['oktaUserId', 'scope', 'signIns30d', 'signIns90d'],
        properties: {
          oktaUserId: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          scope: {
            type: 'string',
            enum: ['USER', 'GROUP'],
          },
          groupId: {
            type: 'string',
          },
          tier: {
            type: 'string',
          },
          lastSignIn: {
            type: 'string',
            format: 'date-time',
          },
          signIns30d: {
            type: 'integer',
          },
          signIns90d: {
            type: 'integer',
          },
        },
      },
      PeerAppCount: {
        type: 'object',
        properties: {
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          users: {
            type: 'integer',
          },
        },
      },
      PeerUsage: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          teams: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          title: {
            type: 'string',
          },
          department: {
            type: 'string',
          },
          byTeam: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PeerAppCount',
            },
          },
          byTitle: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PeerAppCount',
            },
          },
          byDepartment: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PeerAppCount',
            },
          },
        },
      },
      Days: {
        type: 'integer',
        minimum: 1,
        maximum: 3650,
      },
      TierName: {
        type: 'string',
        description: 'Surrounding spaces are trimmed.',
        maxLength: 64,
        pattern: '\\S',
        'x-error-message':
          'must be a tier name (not blank, up to 64 characters)',
      },
      NoSignInCondition: {
        type: 'object',
        description:
          'No sign-in for `days` days (and assigned at least that long).',
        required: ['type', 'days'],
        properties: {
          type: {
            type: 'string',
            enum: ['noSignIn'],
          },
          days: {
            $ref: '#/components/schemas/Days',
          },
        },
      },
      NeverSignedInCondition: {
        type: 'object',
        description:
          'Not one sign-in since the assignment, made `days` or more days ago.',
        required: ['type', 'days'],
        properties: {
          type: {
            type: 'string',
            enum: ['neverSignedIn'],
          },
          days: {
            $ref: '#/components/schemas/Days',
          },
        },
      },
      FewSignInsCondition: {
        type: 'object',
        description:
          'Fewer than `signIns` sign-ins in the last `days` days (and assigned at least that long).',
        required: ['type', 'days', 'signIns'],
        properties: {
          type: {
            type: 'string',
            enum: ['fewSignIns'],
          },
          days: {
            $ref: '#/components/schemas/Days',
          },
          signIns: {
            type: 'integer',
            minimum: 1,
            maximum: 100000,
          },
        },
      },
      DowngradeOutcome: {
        type: 'object',
        required: ['action', 'toTier'],
        properties: {
          action: {
            type: 'string',
            enum: ['downgrade'],
          },
          toTier: {
            $ref: '#/components/schemas/TierName',
          },
          suggestOnly: {
            type: 'boolean',
          },
        },
      },
      DeprovisionOutcome: {
        type: 'object',
        required: ['action'],
        properties: {
          action: {
            type: 'string',
            enum: ['deprovision'],
          },
          suggestOnly: {
            type: 'boolean',
          },
        },
      },
      WorkflowRule: {
        type: 'object',
        required: ['condition', 'outcome'],
        properties: {
          name: {
            type: 'string',
            maxLength: 120,
            description: 'Surrounding spaces are trimmed.',
          },
          condition: {
            oneOf: [
              {
                $ref: '#/components/schemas/NoSignInCondition',
              },
              {
                $ref: '#/components/schemas/NeverSignedInCondition',
              },
              {
                $ref: '#/components/schemas/FewSignInsCondition',
              },
            ],
            discriminator: {
              propertyName: 'type',
            },
          },
          tiers: {
            type: 'array',
            description:
              'Only people holding one of these tiers; every tier when empty or absent.',
            maxItems: 20,
            items: {
              $ref: '#/components/schemas/TierName',
            },
          },
          outcome: {
            oneOf: [
              {
                $ref: '#/components/schemas/DowngradeOutcome',
              },
              {
                $ref: '#/components/schemas/DeprovisionOutcome',
              },
            ],
            discriminator: {
              propertyName: 'action',
            },
          },
        },
      },
      WorkflowDefinition: {
        type: 'object',
        description:
          'The editable part of a workflow, as saved and as previewed. Fields other than these are dropped.',
        required: ['rules'],
        properties: {
          rules: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            items: {
              $ref: '#/components/schemas/WorkflowRule',
            },
            'x-error-message': 'add at least one rule (and at most 20)',
          },
          newHireDays: {
            type: 'integer',
            minimum: 0,
            maximum: 365,
            default: 30,
          },
          notifications: {
            type: 'object',
            description:
              'Warnings sent before a change, with a way to keep the license.',
            required: ['enabled'],
            default: {
              enabled: false,
              daysBefore: 7,
              allowOptOut: true,
            },
            properties: {
              enabled: {
                type: 'boolean',
              },
              daysBefore: {
                type: 'integer',
                minimum: 0,
                maximum: 90,
                default: 7,
                description: 'Days between the warning and the change.',
              },
              allowOptOut: {
                type: 'boolean',
                default: true,
              },
              channel: {
                type: 'string',
                enum: ['default', 'slack', 'email', 'portal-only'],
                description:
                  "Where warnings and reminders go besides the portal: the backend's default channel, a Slack direct message with a Keep my license button, an e-mail with a Keep link, or the portal only. Saved as default when left out.",
                'x-error-message':
                  'must be default, slack, email or portal-only',
              },
              remindBeforeHours: {
                type: 'integer',
                minimum: 0,
                maximum: 168,
                description:
                  'Hours before the deadline at which those who have not answered are reminded, once; 0 for no reminder. Saved as 24 when left out.',
              },
            },
          },
          schedule: {
            type: 'string',
            maxLength: 64,
            description:
              'Five-field cron in UTC; surrounding spaces are trimmed',
          },
          mode: {
            type: 'string',
            enum: ['automatic', 'suggest'],
            default: 'automatic',
          },
          template: {
            type: 'string',
            maxLength: 64,
          },
          restore: {
            type: 'object',
            description:
              'How people get back what the workflow took: within windowDays of the change, in one click when approval is none; with required, they request the app in Productiv Home. 30 days and none when left out.',
            required: ['windowDays', 'approval'],
            properties: {
              windowDays: {
                type: 'integer',
                minimum: 0,
                maximum: 365,
              },
              approval: {
                type: 'string',
                enum: ['none', 'required'],
              },
            },
          },
        },
      },
      Workflow: {
        allOf: [
          {
            $ref: '#/components/schemas/WorkflowDefinition',
          },
          {
            type: 'object',
            properties: {
              instanceId: {
                type: 'string',
              },
              status: {
                type: 'string',
                enum: ['active', 'paused'],
              },
              updatedBy: {
                type: 'string',
              },
              updatedAt: {
                type: 'string',
                format: 'date-time',
              },
              nextRunAt: {
                type: 'string',
                format: 'date-time',
              },
            },
          },
        ],
      },
      InstanceWorkflowSummary: {
        type: 'object',
        properties: {
          instanceId: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          label: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['needs-setup', 'active', 'paused'],
          },
          assignedUsers: {
            type: 'integer',
          },
          lastRun: {
            $ref: '#/components/schemas/WorkflowRun',
          },
          openSuggestions: {
            type: 'integer',
          },
        },
      },
      WorkflowPreview: {
        type: 'object',
        properties: {
          instanceId: {
            type: 'string',
          },
          computedAt: {
            type: 'string',
            format: 'date-time',
          },
          assignedUsers: {
            type: 'integer',
          },
          exemptUsers: {
            type: 'integer',
          },
          total: {
            type: 'integer',
          },
          monthlySaving: {
            type: 'number',
          },
          entries: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                oktaUserId: {
                  type: 'string',
                },
                email: {
                  type: 'string',
                },
                displayName: {
                  type: 'string',
                },
                rule: {
                  type: 'integer',
                },
                ruleName: {
                  type: 'string',
                },
                currentTier: {
                  type: 'string',
                },
                action: {
                  type: 'string',
                  enum: ['downgrade', 'deprovision'],
                },
                toTier: {
                  type: 'string',
                },
                suggestOnly: {
                  type: 'boolean',
                },
                lastSignIn: {
                  type: 'string',
                  format: 'date-time',
                },
                assignedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                monthlySaving: {
                  type: 'number',
                },
              },
            },
          },
        },
      },
      WorkflowBacktest: {
        type: 'object',
        properties: {
          instanceId: {
            type: 'string',
          },
          asOf: {
            type: 'string',
            format: 'date',
          },
          computedAt: {
            type: 'string',
            format: 'date-time',
          },
          historyStart: {
            type: 'string',
            format: 'date',
          },
          assignedUsers: {
            type: 'integer',
          },
          exemptUsers: {
            type: 'integer',
          },
          total: {
            type: 'integer',
          },
          monthlySaving: {
            type: 'number',
          },
          wouldBeRegrets: {
            type: 'integer',
          },
          entries: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                oktaUserId: {
                  type: 'string',
                },
                email: {
                  type: 'string',
                },
                displayName: {
                  type: 'string',
                },
                rule: {
                  type: 'integer',
                },
                ruleName: {
                  type: 'string',
                },
                currentTier: {
                  type: 'string',
                },
                action: {
                  type: 'string',
                  enum: ['downgrade', 'deprovision'],
                },
                toTier: {
                  type: 'string',
                },
                suggestOnly: {
                  type: 'boolean',
                },
                lastSignInDay: {
                  type: 'string',
                  format: 'date',
                },
                signedInAgainOn: {
                  type: 'string',
                  format: 'date',
                },
                assignedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                monthlySaving: {
                  type: 'number',
                },
              },
            },
          },
        },
      },
      WorkflowRun: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          trigger: {
            type: 'string',
            enum: ['manual', 'schedule'],
          },
          dryRun: {
            type: 'boolean',
          },
          mode: {
            type: 'string',
            enum: ['automatic', 'suggest'],
          },
          status: {
            type: 'string',
            enum: ['planning', 'waiting', 'executing', 'succeeded', 'failed'],
          },
          actor: {
            type: 'string',
          },
          startedAt: {
            type: 'string',
            format: 'date-time',
          },
          finishedAt: {
            type: 'string',
            format: 'date-time',
          },
          deadline: {
            type: 'string',
            format: 'date-time',
          },
          counts: {
            type: 'object',
            additionalProperties: {
              type: 'integer',
            },
          },
          total: {
            type: 'integer',
          },
          finished: {
            type: 'integer',
          },
          error: {
            type: 'string',
          },
        },
      },
      WorkflowActionStatus: {
        type: 'string',
        description: 'In the order a run moves through them.',
        enum: [
          'dry-run',
          'notified',
          'queued',
          'waiting-on-it',
          'done',
          'failed',
          'opted-out',
          'skipped',
          'suggested',
          'dismissed',
        ],
      },
      WorkflowAction: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          runId: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          oktaUserId: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          rule: {
            type: 'integer',
          },
          action: {
            type: 'string',
            enum: ['downgrade', 'deprovision'],
          },
          fromTier: {
            type: 'string',
          },
          toTier: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/WorkflowActionStatus',
          },
          monthlySaving: {
            type: 'number',
          },
          lastSignIn: {
            type: 'string',
            format: 'date-time',
          },
          deadline: {
            type: 'string',
            format: 'date-time',
          },
          detail: {
            type: 'string',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      WorkflowResults: {
        type: 'object',
        properties: {
          instanceId: {
            type: 'string',
          },
          series: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                day: {
                  type: 'string',
                },
                provisioned: {
                  type: 'integer',
                },
                engaged: {
                  type: 'integer',
                },
              },
            },
          },
          actions: {
            type: 'object',
            additionalProperties: {
              type: 'integer',
            },
          },
          monthlySaving: {
            type: 'number',
          },
          openSuggestions: {
            type: 'integer',
          },
          runs: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/WorkflowRun',
            },
          },
          regret: {
            type: 'array',
            description:
              'Per rule of the real runs, changes made, restores, regret rate and net savings',
            items: {
              $ref: '#/components/schemas/RuleRegret',
            },
          },
          restores: {
            type: 'array',
            description: 'The latest restores, newest first',
            items: {
              $ref: '#/components/schemas/LicenseRestore',
            },
          },
        },
      },
      RuleRegret: {
        type: 'object',
        properties: {
          rule: {
            type: 'integer',
            description: "Index of the run's rule, from 0",
          },
          ruleName: {
            type: 'string',
          },
          changed: {
            type: 'integer',
            description: 'Seats reclaimed or downgraded',
          },
          restored: {
            type: 'integer',
            description: 'Of those, seats restored',
          },
          regretRate: {
            type: 'number',
            description: 'restored / changed, from 0 to 1',
          },
          netSeats: {
            type: 'integer',
          },
          monthlySaving: {
            type: 'number',
          },
          restoredSaving: {
            type: 'number',
          },
          netMonthlySaving: {
            type: 'number',
          },
        },
      },
      LicenseRestore: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          actionId: {
            type: 'string',
          },
          runId: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          rule: {
            type: 'integer',
          },
          ruleName: {
            type: 'string',
          },
          oktaUserId: {
            type: 'string',
          },
          entityRef: {
            type: 'string',
          },
          action: {
            type: 'string',
            enum: ['downgrade', 'deprovision'],
          },
          tier: {
            type: 'string',
          },
          tierName: {
            type: 'string',
          },
          monthlySaving: {
            type: 'number',
          },
          status: {
            type: 'string',
            enum: ['queued', 'done', 'failed'],
          },
          requestedBy: {
            type: 'string',
          },
          requestedAt: {
            type: 'string',
            format: 'date-time',
          },
          restoredAt: {
            type: 'string',
            format: 'date-time',
          },
          detail: {
            type: 'string',
          },
        },
      },
      TakenBackLicense: {
        type: 'object',
        properties: {
          actionId: {
            type: 'string',
          },
          runId: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          action: {
            type: 'string',
            enum: ['downgrade', 'deprovision'],
          },
          fromTierName: {
            type: 'string',
          },
          toTierName: {
            type: 'string',
          },
          takenAt: {
            type: 'string',
            format: 'date-time',
          },
          automation: {
            type: 'string',
          },
          ruleName: {
            type: 'string',
          },
          restoreUntil: {
            type: 'string',
            format: 'date-time',
          },
          restorable: {
            type: 'boolean',
          },
          refusal: {
            type: 'string',
          },
          restore: {
            $ref: '#/components/schemas/LicenseRestore',
          },
        },
      },
      Exemption: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          scope: {
            type: 'string',
          },
          kind: {
            type: 'string',
            enum: ['user', 'group'],
          },
          value: {
            type: 'string',
          },
          note: {
            type: 'string',
          },
          addedBy: {
            type: 'string',
          },
          addedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      AuditEventType: {
        type: 'string',
        enum: [
          'workflow.saved',
          'workflow.status',
          'exemption.added',
          'exemption.removed',
          'run.started',
          'run.finished',
          'action.done',
          'action.failed',
          'action.waiting-on-it',
          'action.skipped',
          'action.opted-out',
          'action.notified',
          'suggestion.accepted',
          'suggestion.dismissed',
          'restore.requested',
          'restore.done',
          'restore.failed',
        ],
      },
      AuditEvent: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          at: {
            type: 'string',
            format: 'date-time',
          },
          type: {
            $ref: '#/components/schemas/AuditEventType',
          },
          actor: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          runId: {
            type: 'string',
          },
          actionId: {
            type: 'string',
          },
          detail: {
            type: 'object',
          },
        },
      },
    },
  },
} as const;

/** A router that validates requests against the spec, typed by it. */
export const createOpenApiRouter = async (
  options?: Parameters<typeof createValidatedOpenApiRouter>['1'],
) => createValidatedOpenApiRouter<typeof spec>(spec, options);
