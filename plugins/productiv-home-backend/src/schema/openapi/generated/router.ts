//
// This file is generated from src/schema/openapi.yaml by scripts/openapi-generate.mjs.
// Do not edit it: change the spec and run `yarn generate` in the package.
//
/* eslint-disable */
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';

export const spec = {
  openapi: '3.0.3',
  info: {
    title: 'productiv-home',
    version: '1',
    description:
      'Productiv Home: the curated app catalog, access requests and approvals. Mounted at /api/productiv-home. Every route but /health needs a signed-in user. Requests are validated against this spec: bad input answers 400 naming each field and what is wrong with it.',
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
                  required: ['status'],
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
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/me': {
      get: {
        summary: "The caller's profile and Productiv Home roles",
        responses: {
          '200': {
            description: 'Profile',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Profile',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps': {
      get: {
        summary:
          'Apps offered in Productiv Home; with manageable=true, only those the caller may change (all for super admins, their own for app admins)',
        parameters: [
          {
            name: 'manageable',
            in: 'query',
            required: false,
            schema: {
              type: 'boolean',
              default: false,
            },
          },
        ],
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
                        $ref: '#/components/schemas/HomeApp',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/catalog': {
      get: {
        summary:
          'Apps offered to employees; the same list for everyone, with an ETag (send If-None-Match to get 304 when nothing changed)',
        responses: {
          '200': {
            description: 'Catalog',
            headers: {
              ETag: {
                schema: {
                  type: 'string',
                },
              },
            },
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CatalogListing',
                      },
                    },
                  },
                },
              },
            },
          },
          '304': {
            description: 'Not changed since the ETag sent',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/catalog/peers': {
      get: {
        summary:
          "How many people on the caller's teams, with their title and in their department used each app in the last 30 days (aggregated counts; apps nobody used are left out)",
        responses: {
          '200': {
            description: 'Peer counts',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AppPeerCounts',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/catalog/tiers': {
      get: {
        summary:
          'The requestable tiers of every app, lowest first, with their names, descriptions, prices and seats from the inventory',
        responses: {
          '200': {
            description: 'Tiers by app',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/CatalogAppTiers',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/catalog/{appKey}/approvers': {
      get: {
        summary:
          "Who would approve the caller's request for the app, level by level, before they send it",
        parameters: [
          {
            name: 'appKey',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The approvers the request would go to',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['needsApproval', 'levels'],
                  properties: {
                    needsApproval: {
                      type: 'boolean',
                    },
                    levels: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: ['level', 'approvers', 'viaFallback'],
                        properties: {
                          level: {
                            type: 'integer',
                          },
                          approvers: {
                            type: 'array',
                            items: {
                              type: 'string',
                            },
                          },
                          viaFallback: {
                            type: 'boolean',
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
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/me/access': {
      get: {
        summary:
          'What the caller holds now in Okta (from the inventory): app, tier, since when and the last sign-in',
        responses: {
          '200': {
            description:
              "The caller's holdings, apps offered in Productiv Home first",
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/HeldAccess',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/me/taken-back': {
      get: {
        summary:
          "Licenses license automation's workflows took from the caller in the last 90 days (My access, Recently taken back), by name, with whether each can be restored now and otherwise what to do",
        responses: {
          '200': {
            description:
              'What was taken, newest first; none when license automation is not installed',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
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
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/me/taken-back/{actionId}/restore': {
      post: {
        summary:
          "Gives the caller back, in one click, a license a workflow took (license automation decides: within the app's restore window and without approval; 409 otherwise, saying to request the app)",
        parameters: [
          {
            name: 'actionId',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be the id of a license change (a UUID)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The restore, queued or done',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  additionalProperties: true,
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/people/access': {
      get: {
        summary:
          "A person's access for the Access card of their catalog page: what they hold now (from the inventory) and their open requests, by name",
        description:
          "The person themself, their manager (the catalog's manager annotation) and Productiv admins (productiv-home.settings.manage) may ask; anyone else gets 403. `holdings` is absent when the inventory cannot be read.",
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
            description: "The person's holdings and open requests",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/PersonAccess',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/catalog/candidates': {
      get: {
        summary: 'Inventory apps not offered yet (super admins)',
        responses: {
          '200': {
            description: 'Candidates',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        type: 'object',
                        required: [
                          'appKey',
                          'name',
                          'instances',
                          'suggestedTiers',
                          'automatic',
                        ],
                        properties: {
                          appKey: {
                            type: 'string',
                          },
                          name: {
                            type: 'string',
                          },
                          instances: {
                            type: 'array',
                            items: {
                              type: 'string',
                            },
                          },
                          suggestedTiers: {
                            type: 'array',
                            items: {
                              type: 'string',
                            },
                          },
                          automatic: {
                            type: 'boolean',
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
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/inventory/instances': {
      get: {
        summary:
          'App instances of the inventory with their Okta groups, to link a Home app to (super admins and app owners)',
        responses: {
          '200': {
            description: 'Instances, removed ones left out',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/InventoryInstanceOption',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/apps/{appKey}': {
      put: {
        parameters: [
          {
            name: 'appKey',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        summary:
          "Add or change an app (super admins and the app's owners). Audited.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/HomeAppInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The app',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HomeApp',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      delete: {
        summary: "Remove an app (super admins and the app's owners). Audited.",
        parameters: [
          {
            name: 'appKey',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        responses: {
          '204': {
            description: 'Removed',
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/connectors': {
      get: {
        summary:
          'The installed connectors (Okta fulfillment, ticketing, approval channels), which are active (super admins)',
        responses: {
          '200': {
            description: 'Connectors',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/Connector',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/connectors/{id}/test': {
      post: {
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
            },
          },
        ],
        summary:
          'A live call through one connector; reports success or the error (super admins). Audited.',
        responses: {
          '200': {
            description: 'The outcome',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['id', 'ok', 'detail', 'durationMs'],
                  properties: {
                    id: {
                      type: 'string',
                    },
                    ok: {
                      type: 'boolean',
                    },
                    detail: {
                      type: 'string',
                    },
                    durationMs: {
                      type: 'integer',
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/settings': {
      get: {
        summary: 'Global settings (super admins)',
        responses: {
          '200': {
            description: 'Settings',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HomeSettings',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      put: {
        summary: 'Change the global settings (super admins). Audited.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/HomeSettings',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'Settings',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/HomeSettings',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/settings/channels': {
      get: {
        summary:
          'How Productiv Home reaches approvers (its approval method), for the messages of other plugins: provisioning workflows warns this way when a workflow says `default`. Service to service; of the users, only Productiv admins (others get 403).',
        responses: {
          '200': {
            description: 'The approval method of the settings',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ChannelSettings',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests': {
      get: {
        summary:
          "Requests, newest first, a page at a time: the caller's own (scope=mine, the default), or every request the permission policy lets them see (scope=all), filtered in the database",
        parameters: [
          {
            name: 'scope',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              enum: ['mine', 'all'],
              default: 'mine',
            },
          },
          {
            name: 'status',
            in: 'query',
            required: false,
            style: 'form',
            explode: true,
            schema: {
              type: 'array',
              items: {
                $ref: '#/components/schemas/RequestStatus',
              },
            },
          },
          {
            name: 'appKey',
            in: 'query',
            required: false,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
          {
            name: 'limit',
            in: 'query',
            required: false,
            schema: {
              type: 'integer',
              minimum: 1,
              maximum: 500,
              default: 100,
            },
          },
          {
            name: 'cursor',
            in: 'query',
            required: false,
            description: 'The nextCursor of the previous page',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message': 'must be the nextCursor of an earlier page',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Requests',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AccessRequest',
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
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
      post: {
        summary: 'Request an app at a tier. Audited.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/RequestInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            description: 'An open request for the same app and tier exists',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/intake': {
      post: {
        summary:
          'Ask for an app that is not in the catalog; it goes to the default approvers. Audited.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/IntakeInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/return': {
      post: {
        summary:
          'Give back the license the caller holds of an app (the tier the inventory says they hold): no approval, straight to fulfillment, which takes it away. Audited.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ReturnInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created (kind return)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            description:
              'The caller holds nothing of the app, or is giving it back already',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
          '503': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}/extend': {
      post: {
        summary:
          "Ask to keep time-bound access longer: a request of kind extend for the grant made by request {id} (the caller's, still active), which follows the app's approval policy. Approved before the expiry, it moves the expiry; nothing changes in Okta. Audited.",
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description:
              'The id of the request that granted the access, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ExtendInput',
              },
            },
          },
        },
        responses: {
          '201': {
            description: 'Created (kind extend)',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            description:
              'The access is not time-bound, has ended, or an extension is already open',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/approvals': {
      get: {
        summary: "Requests waiting for the caller's decision",
        responses: {
          '200': {
            description: 'Requests',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    items: {
                      type: 'array',
                      items: {
                        $ref: '#/components/schemas/AccessRequest',
                      },
                    },
                  },
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}': {
      get: {
        summary:
          'A request with approvals and history (requester, its approvers, super admins; others get 404)',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The request id, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'Request',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}/seats': {
      get: {
        summary:
          'The seats of the tier a request asks for: free seats for whoever may see the request (requester, its approvers, super admins; others get 404), and for holders of productiv-home.settings.manage also the holders with no sign-in in 30 days, whose seats could be reclaimed',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The request id, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        responses: {
          '200': {
            description: "The tier's seats",
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/RequestSeats',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}/decision': {
      post: {
        summary:
          'Approve or deny the pending level, as its assigned approver, or as an admin on behalf of its approvers (productiv-home.request.decide.override; recorded with onBehalfOf). Audited.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The request id, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/DecisionInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description: 'The request after the decision',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}/retry': {
      post: {
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The request id, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        summary:
          "Send a failed request to fulfillment again (super admins and the app's owners). Audited.",
        responses: {
          '200': {
            description: 'The request, fulfilling again',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/requests/{id}/cancel': {
      post: {
        summary: 'Cancel a pending request, as its requester. Audited.',
        parameters: [
          {
            name: 'id',
            in: 'path',
            required: true,
            description: 'The request id, a UUID',
            schema: {
              type: 'string',
              format: 'uuid',
              'x-error-message':
                'must be a request id (a UUID such as 6f1c2b9e-0d3a-4c8e-9b7a-2f5d8e1a4c60)',
            },
          },
        ],
        responses: {
          '200': {
            description: 'The cancelled request',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/AccessRequest',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
          '409': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/it-changes': {
      post: {
        summary:
          "Hand IT a reclaim or downgrade that license automation decided and Okta cannot make (service to service: only provisioning workflows' credentials; users get 403). Creates a `reclaim` request of the person with no approval, whose ticket the active ticketing system opens once; the same idempotencyKey answers the same change and never opens a second ticket. Audited.",
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                $ref: '#/components/schemas/ItChangeInput',
              },
            },
          },
        },
        responses: {
          '200': {
            description:
              'The change of this key was handed over before; where it stands',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ItChangeStatus',
                },
              },
            },
          },
          '201': {
            description: 'Handed to IT',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ItChangeStatus',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            description: 'No one in the catalog has the e-mail given',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '409': {
            description:
              'The person has another open request for the app and tier',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/Error',
                },
              },
            },
          },
          '413': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
    '/it-changes/{idempotencyKey}': {
      get: {
        summary:
          "Where a change handed to IT stands: open until its ticket is resolved, then done, or failed with the reason (service to service, the caller's own keys only).",
        parameters: [
          {
            name: 'idempotencyKey',
            in: 'path',
            required: true,
            schema: {
              type: 'string',
              minLength: 1,
              maxLength: 255,
            },
          },
        ],
        responses: {
          '200': {
            description: 'Where it stands',
            content: {
              'application/json': {
                schema: {
                  $ref: '#/components/schemas/ItChangeStatus',
                },
              },
            },
          },
          '400': {
            $ref: '#/components/responses/Error',
          },
          '401': {
            $ref: '#/components/responses/Error',
          },
          '403': {
            $ref: '#/components/responses/Error',
          },
          '404': {
            $ref: '#/components/responses/Error',
          },
        },
      },
    },
  },
  components: {
    responses: {
      Error: {
        description: 'An error with its reason',
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
            type: 'object',
            additionalProperties: true,
          },
        },
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
      Profile: {
        type: 'object',
        properties: {
          userEntityRef: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          jobTitle: {
            type: 'string',
          },
          department: {
            type: 'string',
          },
          managerRef: {
            type: 'string',
          },
          teams: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          directReports: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          roles: {
            type: 'array',
            items: {
              type: 'string',
              enum: ['employee', 'approver', 'admin'],
            },
          },
        },
      },
      EntityRef: {
        type: 'string',
        pattern: '^(user|group):[^/]+/.+$',
        'x-error-message':
          'must be an entity ref such as user:default/emma.jones',
      },
      ApproverSpec: {
        description: 'Who approves at one level',
        oneOf: [
          {
            $ref: '#/components/schemas/ManagerApprover',
          },
          {
            $ref: '#/components/schemas/AppOwnerApprover',
          },
          {
            $ref: '#/components/schemas/UsersApprover',
          },
          {
            $ref: '#/components/schemas/GroupApprover',
          },
        ],
        discriminator: {
          propertyName: 'type',
        },
      },
      ManagerApprover: {
        type: 'object',
        required: ['type'],
        properties: {
          type: {
            type: 'string',
            enum: ['manager'],
          },
        },
      },
      AppOwnerApprover: {
        type: 'object',
        required: ['type'],
        properties: {
          type: {
            type: 'string',
            enum: ['app-owner'],
          },
        },
      },
      UsersApprover: {
        type: 'object',
        required: ['type', 'users'],
        properties: {
          type: {
            type: 'string',
            enum: ['users'],
          },
          users: {
            type: 'array',
            minItems: 1,
            items: {
              $ref: '#/components/schemas/EntityRef',
            },
          },
        },
      },
      GroupApprover: {
        type: 'object',
        required: ['type', 'group'],
        properties: {
          type: {
            type: 'string',
            enum: ['group'],
          },
          group: {
            $ref: '#/components/schemas/EntityRef',
          },
        },
      },
      HomeAppInput: {
        type: 'object',
        description:
          'An app as admins write it. Names, categories and tiers are stored trimmed; their patterns allow surrounding spaces and count the characters without them.',
        required: ['name', 'tiers'],
        properties: {
          name: {
            type: 'string',
            pattern: '^\\s*\\S(?:[\\s\\S]{0,118}\\S)?\\s*$',
            'x-error-message': 'must not be blank, and at most 120 characters',
          },
          description: {
            type: 'string',
            maxLength: 4000,
            default: '',
          },
          category: {
            type: 'string',
            default: 'Other',
            pattern: '^\\s*\\S(?:[\\s\\S]{0,58}\\S)?\\s*$',
            'x-error-message': 'must not be blank, and at most 60 characters',
          },
          tiers: {
            type: 'array',
            minItems: 1,
            'x-error-message': 'at least one requestable tier is required',
            items: {
              type: 'string',
              pattern: '^\\s*\\S(?:[\\s\\S]{0,62}\\S)?\\s*$',
              'x-error-message': 'must not be blank, and at most 64 characters',
            },
          },
          owners: {
            type: 'array',
            default: [],
            items: {
              $ref: '#/components/schemas/EntityRef',
            },
          },
          approval: {
            type: 'object',
            required: ['required', 'levels'],
            default: {
              required: 'everyone',
              exceptGroups: [],
              levels: [],
            },
            properties: {
              required: {
                type: 'string',
                enum: ['everyone', 'everyone-except', 'no-one'],
              },
              exceptGroups: {
                type: 'array',
                default: [],
                items: {
                  $ref: '#/components/schemas/EntityRef',
                },
              },
              levels: {
                type: 'array',
                maxItems: 2,
                'x-error-message': 'at most two approval levels',
                items: {
                  $ref: '#/components/schemas/ApproverSpec',
                },
              },
            },
          },
          fulfillment: {
            type: 'string',
            enum: ['automatic', 'ticket', 'manual'],
            default: 'manual',
          },
          okta: {
            $ref: '#/components/schemas/HomeAppOktaLink',
          },
          escalation: {
            $ref: '#/components/schemas/EscalationSettings',
          },
          expiry: {
            $ref: '#/components/schemas/ExpirySettings',
          },
          duration: {
            $ref: '#/components/schemas/AppAccessDuration',
          },
        },
      },
      AccessDuration: {
        type: 'object',
        description:
          'How long a grant lasts: defaultDays is preselected (and used when a request names no duration); maxDays is the longest a request may ask for. Without maxDays, permanent access may be asked for.',
        properties: {
          defaultDays: {
            type: 'integer',
            minimum: 1,
            maximum: 3650,
            'x-error-message': 'must be a whole number of days from 1 to 3650',
          },
          maxDays: {
            type: 'integer',
            minimum: 1,
            maximum: 3650,
            'x-error-message': 'must be a whole number of days from 1 to 3650',
          },
        },
      },
      AppAccessDuration: {
        allOf: [
          {
            $ref: '#/components/schemas/AccessDuration',
          },
          {
            type: 'object',
            properties: {
              tiers: {
                type: 'object',
                description:
                  "Tiers whose durations differ from the app's, by tier key.",
                additionalProperties: {
                  $ref: '#/components/schemas/AccessDuration',
                },
              },
            },
          },
        ],
      },
      EscalationSettings: {
        type: 'object',
        description:
          "An approval nobody decided within afterDays (from when its level was asked) is escalated once: the fallback approver, or each approver's manager, is asked too. On an app, it replaces the default settings'.",
        required: ['afterDays', 'to'],
        properties: {
          afterDays: {
            type: 'number',
            description:
              'Greater than 0 (parts of a day allowed), at most 365 days',
            minimum: 5e-324,
            maximum: 365,
            'x-error-message':
              'must be a number of days above 0 and at most 365',
          },
          to: {
            type: 'string',
            enum: ['fallback', 'manager'],
          },
        },
      },
      ExpirySettings: {
        type: 'object',
        description:
          "A request still waiting for approval after afterDays (from when it was made) is closed as expired; the requester and approvers are told. On an app, it replaces the default settings'.",
        required: ['afterDays'],
        properties: {
          afterDays: {
            type: 'number',
            minimum: 5e-324,
            maximum: 365,
            'x-error-message':
              'must be a number of days above 0 and at most 365',
          },
        },
      },
      HomeAppOktaLink: {
        type: 'object',
        description:
          'Where the app lives in Okta: the inventory app instance and how each requestable tier is granted. Required for automatic fulfillment; saving checks the instance and groups against the inventory.',
        required: ['instanceId', 'tiers'],
        properties: {
          instanceId: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          tiers: {
            type: 'array',
            maxItems: 100,
            items: {
              type: 'object',
              required: ['tier', 'grant'],
              properties: {
                tier: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 64,
                },
                grant: {
                  type: 'string',
                  enum: ['okta-group', 'okta-app', 'ticket'],
                  description:
                    'okta-group: membership of groupId grants the tier; okta-app: an assignment of the Okta app itself; ticket: IT grants it from a ticket',
                },
                groupId: {
                  type: 'string',
                  minLength: 1,
                  maxLength: 255,
                },
              },
            },
          },
        },
      },
      InventoryInstanceOption: {
        type: 'object',
        required: ['id', 'label', 'appKey', 'appName', 'status', 'groups'],
        properties: {
          id: {
            type: 'string',
          },
          label: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['ACTIVE', 'INACTIVE'],
          },
          groups: {
            type: 'array',
            items: {
              type: 'object',
              required: ['id', 'name'],
              properties: {
                id: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
                tier: {
                  type: 'string',
                },
              },
            },
          },
        },
      },
      HomeApp: {
        allOf: [
          {
            $ref: '#/components/schemas/HomeAppInput',
          },
          {
            type: 'object',
            properties: {
              appKey: {
                type: 'string',
              },
            },
          },
        ],
      },
      Connector: {
        type: 'object',
        required: ['id', 'role', 'active', 'testable'],
        properties: {
          id: {
            type: 'string',
          },
          role: {
            type: 'string',
            enum: ['okta-fulfillment', 'ticketing', 'approvals'],
          },
          active: {
            type: 'boolean',
          },
          testable: {
            type: 'boolean',
          },
        },
      },
      CatalogListing: {
        type: 'object',
        description: 'What employees see of an app in the catalog',
        required: ['appKey', 'name', 'description', 'category', 'tiers'],
        properties: {
          appKey: {
            type: 'string',
          },
          name: {
            type: 'string',
          },
          description: {
            type: 'string',
          },
          category: {
            type: 'string',
          },
          tiers: {
            type: 'array',
            items: {
              type: 'string',
            },
          },
          duration: {
            $ref: '#/components/schemas/AppAccessDuration',
          },
        },
      },
      CatalogAppTiers: {
        type: 'object',
        required: ['appKey', 'tiers'],
        properties: {
          appKey: {
            type: 'string',
          },
          tiers: {
            type: 'array',
            items: {
              type: 'object',
              required: ['tier', 'displayName'],
              properties: {
                tier: {
                  type: 'string',
                },
                displayName: {
                  type: 'string',
                },
                description: {
                  type: 'string',
                },
                monthlyPrice: {
                  type: 'number',
                },
                seats: {
                  type: 'integer',
                },
                holders: {
                  type: 'integer',
                },
              },
            },
          },
        },
      },
      HeldAccess: {
        type: 'object',
        required: ['appName', 'instanceId', 'since'],
        properties: {
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          instanceId: {
            type: 'string',
          },
          tier: {
            type: 'string',
          },
          tierName: {
            type: 'string',
          },
          since: {
            type: 'string',
            format: 'date-time',
          },
          lastSignIn: {
            type: 'string',
            format: 'date-time',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
            description: 'When time-bound access ends; absent when permanent.',
          },
          grantId: {
            type: 'string',
            description:
              'The request that granted time-bound access (to extend it).',
          },
        },
      },
      PersonAccess: {
        type: 'object',
        required: ['entityRef', 'pending'],
        properties: {
          entityRef: {
            type: 'string',
          },
          holdings: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/HeldAccess',
            },
          },
          pending: {
            type: 'array',
            items: {
              $ref: '#/components/schemas/PersonPendingRequest',
            },
          },
        },
      },
      PersonPendingRequest: {
        type: 'object',
        required: [
          'id',
          'appKey',
          'appName',
          'tier',
          'tierName',
          'status',
          'waitingOn',
          'createdAt',
          'updatedAt',
        ],
        properties: {
          id: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          appName: {
            type: 'string',
          },
          tier: {
            type: 'string',
          },
          tierName: {
            type: 'string',
          },
          kind: {
            type: 'string',
          },
          status: {
            $ref: '#/components/schemas/RequestStatus',
          },
          waitingOn: {
            type: 'array',
            items: {
              type: 'object',
              required: ['entityRef'],
              properties: {
                entityRef: {
                  type: 'string',
                },
                name: {
                  type: 'string',
                },
              },
            },
          },
          ticket: {
            type: 'object',
            properties: {
              externalId: {
                type: 'string',
              },
              externalUrl: {
                type: 'string',
              },
            },
          },
          accessDays: {
            type: 'integer',
            description:
              'Days of access asked for; absent for permanent access',
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
          },
        },
      },
      AppPeerCounts: {
        type: 'object',
        required: ['appKey', 'team', 'title', 'department'],
        properties: {
          appKey: {
            type: 'string',
          },
          team: {
            type: 'integer',
          },
          title: {
            type: 'integer',
          },
          department: {
            type: 'integer',
          },
        },
      },
      ChannelSettings: {
        type: 'object',
        additionalProperties: false,
        required: ['approvalMethod'],
        properties: {
          approvalMethod: {
            type: 'string',
            enum: ['slack', 'email'],
          },
        },
      },
      HomeSettings: {
        type: 'object',
        required: [
          'approvalMethod',
          'defaultApprovers',
          'reminderHours',
          'justificationRequired',
        ],
        properties: {
          approvalMethod: {
            type: 'string',
            enum: ['slack', 'email'],
          },
          defaultApprovers: {
            type: 'array',
            maxItems: 2,
            items: {
              $ref: '#/components/schemas/ApproverSpec',
            },
          },
          fallbackApprover: {
            $ref: '#/components/schemas/EntityRef',
          },
          reminderHours: {
            type: 'array',
            maxItems: 10,
            items: {
              type: 'number',
              description:
                'Greater than 0 (5e-324 is the smallest number above 0; an exclusiveMinimum would not type the body), at most 60 days',
              minimum: 5e-324,
              maximum: 1440,
            },
          },
          justificationRequired: {
            type: 'boolean',
          },
          escalation: {
            $ref: '#/components/schemas/EscalationSettings',
          },
          expiry: {
            $ref: '#/components/schemas/ExpirySettings',
          },
          auditTrailTickets: {
            type: 'boolean',
            description:
              'For requests fulfilled through Okta, a ticket in the ticketing system opened on approval and resolved with the outcome',
          },
          expiryWarningDays: {
            type: 'array',
            maxItems: 5,
            description:
              'Days before time-bound access ends that the holder and the approver of record are warned (default 3 and 1)',
            items: {
              type: 'integer',
              minimum: 1,
              maximum: 60,
              'x-error-message': 'must be whole days from 1 to 60',
            },
          },
        },
      },
      RequestInput: {
        type: 'object',
        required: ['appKey', 'tier'],
        properties: {
          appKey: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          tier: {
            type: 'string',
            minLength: 1,
            maxLength: 64,
          },
          justification: {
            type: 'string',
            maxLength: 4000,
          },
          accessDays: {
            type: 'integer',
            minimum: 1,
            maximum: 3650,
            'x-error-message': 'must be a whole number of days from 1 to 3650',
            description:
              "Days of access asked for (a preset or any number within the app's maximum); the app's default, or permanent, when absent. Above the app's maximum: 400 naming accessDays.",
          },
        },
      },
      ExtendInput: {
        type: 'object',
        required: ['accessDays'],
        properties: {
          accessDays: {
            type: 'integer',
            minimum: 1,
            maximum: 3650,
            'x-error-message': 'must be a whole number of days from 1 to 3650',
            description:
              "Days to add to the current expiry, within the app's maximum.",
          },
          justification: {
            type: 'string',
            maxLength: 4000,
          },
        },
      },
      IntakeInput: {
        type: 'object',
        description:
          'An app that is not in the catalog; name and reason are stored trimmed.',
        required: ['name', 'reason'],
        properties: {
          name: {
            type: 'string',
            pattern: '^\\s*\\S(?:[\\s\\S]{0,118}\\S)?\\s*$',
            'x-error-message': 'must not be blank, and at most 120 characters',
          },
          url: {
            type: 'string',
            format: 'uri',
            maxLength: 2000,
          },
          reason: {
            type: 'string',
            pattern: '^\\s*\\S(?:[\\s\\S]{0,3998}\\S)?\\s*$',
            'x-error-message':
              'tell the approvers why you need it (at most 4000 characters)',
          },
        },
      },
      ReturnInput: {
        type: 'object',
        description:
          'The app whose license the caller gives back; the tier is the one they hold.',
        required: ['appKey'],
        properties: {
          appKey: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          justification: {
            type: 'string',
            maxLength: 4000,
          },
        },
      },
      ItChangeInput: {
        type: 'object',
        description:
          "A reclaim (remove) or downgrade for IT to make by hand; names come from the inventory, so the app need not be in Home's catalog.",
        required: ['idempotencyKey', 'appName', 'change', 'reason'],
        additionalProperties: false,
        properties: {
          idempotencyKey: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description:
              "The caller's key for the change (provisioning workflows' action id)",
          },
          personRef: {
            type: 'string',
            pattern: '^user:[^/]+/.+$',
            maxLength: 255,
            'x-error-message':
              'must be a user entity ref such as user:default/emma.jones',
          },
          email: {
            type: 'string',
            format: 'email',
            maxLength: 320,
          },
          oktaAppId: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          appName: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
          },
          instanceLabel: {
            type: 'string',
            maxLength: 255,
          },
          change: {
            type: 'string',
            enum: ['remove', 'downgrade'],
          },
          fromTier: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description:
              'The tier taken away; a downgrade needs it, a removal of an app without tiers has none',
          },
          fromTierName: {
            type: 'string',
            maxLength: 255,
          },
          toTier: {
            type: 'string',
            minLength: 1,
            maxLength: 255,
            description: 'For a downgrade, the tier the person moves to',
          },
          toTierName: {
            type: 'string',
            maxLength: 255,
          },
          reason: {
            type: 'string',
            minLength: 1,
            maxLength: 4000,
            description:
              'Why it was decided (the workflow and its rule), in words',
          },
          link: {
            type: 'string',
            format: 'uri',
            maxLength: 2000,
          },
        },
      },
      ItChangeStatus: {
        type: 'object',
        required: ['idempotencyKey', 'requestId', 'status'],
        properties: {
          idempotencyKey: {
            type: 'string',
          },
          requestId: {
            type: 'string',
          },
          status: {
            type: 'string',
            enum: ['open', 'done', 'failed'],
            description: 'open until IT resolves the ticket',
          },
          reason: {
            type: 'string',
            description: 'Why it failed',
          },
          ticket: {
            type: 'object',
            properties: {
              provider: {
                type: 'string',
              },
              externalId: {
                type: 'string',
              },
              externalUrl: {
                type: 'string',
              },
            },
          },
        },
      },
      DecisionInput: {
        type: 'object',
        required: ['decision'],
        properties: {
          decision: {
            type: 'string',
            enum: ['approved', 'denied'],
          },
          comment: {
            type: 'string',
            maxLength: 4000,
          },
        },
      },
      RequestStatus: {
        type: 'string',
        enum: [
          'pending_approval',
          'approved',
          'denied',
          'cancelled',
          'fulfilling',
          'fulfilled',
          'failed',
          'expired',
        ],
      },
      RequestSeats: {
        type: 'object',
        required: ['requestId', 'tier', 'tierName'],
        properties: {
          requestId: {
            type: 'string',
          },
          tier: {
            type: 'string',
          },
          tierName: {
            type: 'string',
          },
          seats: {
            type: 'integer',
            description: 'Seats bought; absent without a seat count',
          },
          holders: {
            type: 'integer',
            description: 'People holding the tier now',
          },
          freeSeats: {
            type: 'integer',
            description: 'Seats minus holders, never below 0',
          },
          idleHolders: {
            type: 'array',
            description:
              'Holders with no sign-in in 30 days, longest idle first (at most 20); only for holders of productiv-home.settings.manage',
            items: {
              $ref: '#/components/schemas/IdleSeatHolder',
            },
          },
          idleHolderCount: {
            type: 'integer',
          },
        },
      },
      IdleSeatHolder: {
        type: 'object',
        properties: {
          entityRef: {
            type: 'string',
          },
          displayName: {
            type: 'string',
          },
          email: {
            type: 'string',
          },
          lastSignIn: {
            type: 'string',
            format: 'date-time',
            description: 'Absent: never signed in',
          },
        },
      },
      AccessRequest: {
        type: 'object',
        properties: {
          id: {
            type: 'string',
          },
          requester: {
            type: 'string',
          },
          appKey: {
            type: 'string',
          },
          tier: {
            type: 'string',
          },
          fromTier: {
            type: 'string',
            description:
              'For a tier change, the tier the requester held when asking; fulfillment takes it away when it grants `tier`.',
          },
          kind: {
            type: 'string',
            enum: ['grant', 'return', 'reclaim', 'extend', 'expire'],
            description:
              '`return` for a license given back (`tier` is the tier given back); `reclaim` for a removal or downgrade by license automation that IT makes by hand (`tier` is the tier removed, or for a downgrade the tier moved to, `fromTier` the one taken away); absent for a grant.',
          },
          justification: {
            type: 'string',
          },
          accessDays: {
            type: 'integer',
            description:
              'Days of access asked for; permanent when absent. For extend, the days added.',
          },
          expiresAt: {
            type: 'string',
            format: 'date-time',
            description:
              "When the access this request granted ends (moved by extensions); for extend, the grant's expiry.",
          },
          grantId: {
            type: 'string',
            description:
              'For extend and expire, the request that granted the access.',
          },
          status: {
            $ref: '#/components/schemas/RequestStatus',
          },
          level: {
            type: 'integer',
          },
          fulfillment: {
            type: 'object',
            properties: {
              provider: {
                type: 'string',
              },
              externalId: {
                type: 'string',
              },
              externalUrl: {
                type: 'string',
              },
              failureReason: {
                type: 'string',
              },
            },
          },
          approvals: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                level: {
                  type: 'integer',
                },
                approver: {
                  type: 'string',
                },
                viaFallback: {
                  type: 'boolean',
                },
                viaEscalation: {
                  type: 'boolean',
                  description:
                    'Asked because nobody decided the level within its service level',
                },
                decision: {
                  type: 'string',
                  enum: ['approved', 'denied'],
                },
                decidedAt: {
                  type: 'string',
                  format: 'date-time',
                },
                remindersSent: {
                  type: 'integer',
                },
              },
            },
          },
          history: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                at: {
                  type: 'string',
                  format: 'date-time',
                },
                actor: {
                  type: 'string',
                },
                type: {
                  type: 'string',
                },
                level: {
                  type: 'integer',
                },
                comment: {
                  type: 'string',
                },
                status: {
                  type: 'string',
                },
                onBehalfOf: {
                  type: 'array',
                  description:
                    'An admin decided for these approvers of the level (entity refs); the actor is the admin',
                  items: {
                    type: 'string',
                  },
                },
              },
            },
          },
          createdAt: {
            type: 'string',
            format: 'date-time',
          },
          updatedAt: {
            type: 'string',
            format: 'date-time',
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
