import { ForwardedError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { ProductivHomeBackendClient } from '@internal/plugin-productiv-home-node';

/**
 * `productiv-home:request-app`: asks for an app of the Home catalog for the
 * person who runs the template; the request then goes through its approvals
 * like any other.
 *
 * @public
 */
export function createRequestAppAction(options: {
  client: Pick<ProductivHomeBackendClient, 'requestApp'>;
}) {
  return createTemplateAction({
    id: 'productiv-home:request-app',
    description:
      'Requests access to an app of the Productiv Home catalog at a license tier, for the person running the template',
    examples: [
      {
        description: 'Ask for Figma as an editor while setting up a project',
        example: [
          'steps:',
          '  - id: figma',
          '    name: Request Figma',
          '    action: productiv-home:request-app',
          '    input:',
          '      appKey: figma',
          '      tier: editor',
          '      justification: ${{ parameters.reason }}',
        ].join('\n'),
      },
    ],
    schema: {
      input: {
        appKey: z =>
          z.string().min(1).describe('The app key in Productiv Home'),
        tier: z => z.string().min(1).describe('One of the tiers of the app'),
        justification: z =>
          z
            .string()
            .max(4000)
            .optional()
            .describe('Why the access is needed; some setups require it'),
      },
      output: {
        requestId: z => z.string().describe('The request, in Productiv Home'),
        status: z => z.string().describe('Its status after submission'),
      },
    },
    async handler(ctx) {
      const { appKey, tier, justification } = ctx.input;
      const credentials = await ctx.getInitiatorCredentials();
      // The scaffolder keeps this result per step (the key adds app and tier
      // for `each:` loops): a retried or resumed task replays it instead of
      // submitting a second request. A failed attempt is not kept.
      const request = await ctx.checkpoint({
        key: `productiv-home-request:${appKey}:${tier}`,
        fn: async () => {
          try {
            const created = await options.client.requestApp(
              { appKey, tier, justification },
              { credentials },
            );
            return { id: created.id, status: created.status };
          } catch (error) {
            // The API's own error says what to do (duplicate, unknown tier...).
            if (error instanceof ResponseError) {
              throw new ForwardedError(
                `Productiv Home refused the request for ${appKey} (${tier})`,
                error.cause,
              );
            }
            throw error;
          }
        },
      });
      ctx.logger.info(
        `Requested ${appKey} (${tier}): request ${request.id} is ${request.status}`,
      );
      ctx.output('requestId', request.id);
      ctx.output('status', request.status);
    },
  });
}
