import { AuthService } from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { NotAllowedError } from '@backstage/errors';
import { RequestService } from '../services/requests/types';

/**
 * `request-app` in the actions registry (and so to MCP clients and other
 * plugins): asks for an app of the Home catalog for the calling user, the
 * same operation as `POST /requests`: the same authorized service, so the
 * same permission, rules and audit event.
 */
export function createRequestAppAction(options: {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  /** The authorized request service. */
  requests: RequestService;
}) {
  const { actionsRegistry, auth, requests } = options;
  actionsRegistry.register({
    name: 'request-app',
    title: 'Request an app',
    description:
      'Asks for access to an app of the Productiv Home catalog at a license tier, for the calling user. The request goes to its approvers; the answer has its id and status.',
    attributes: { destructive: false, idempotent: false, readOnly: false },
    schema: {
      input: z =>
        z.object({
          appKey: z
            .string()
            .min(1)
            .describe('The app, as listed by GET /api/productiv-home/catalog'),
          tier: z.string().min(1).describe('One of the tiers of the app'),
          justification: z
            .string()
            .max(4000)
            .optional()
            .describe('Why the access is needed; some setups require it'),
        }),
      output: z =>
        z.object({
          requestId: z.string(),
          status: z.string(),
          message: z.string(),
        }),
    },
    examples: [
      {
        title: 'Ask for Figma as an editor',
        input: {
          appKey: 'figma',
          tier: 'editor',
          justification: 'Design reviews',
        },
      },
    ],
    action: async ({ input, credentials }) => {
      if (!auth.isPrincipal(credentials, 'user')) {
        throw new NotAllowedError(
          'Apps are requested for a person: call this action as a signed-in user',
        );
      }
      const request = await requests.submit(() => input, {
        credentials,
        origin: { via: 'actions-registry' },
      });
      return {
        output: {
          requestId: request.id,
          status: request.status,
          message:
            request.status === 'pending_approval'
              ? `Requested ${input.appKey} (${input.tier}); waiting for approval at level ${request.level}`
              : `Requested ${input.appKey} (${
                  input.tier
                }); the request is ${request.status.replace('_', ' ')}`,
        },
      };
    },
  });
}
