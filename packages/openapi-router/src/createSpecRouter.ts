import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { withBodyErrors } from './requestBody';
import { describeProblems, parseValidationSummary } from './validationMessages';

/** The options of `createValidatedOpenApiRouter` this helper sets. */
export type SpecRouterOptions = {
  validatorOptions: {
    validateRequests: {
      allErrors: boolean;
      coerceTypes: boolean;
      allowUnknownQueryParameters: boolean;
      discriminator: boolean;
    };
  };
};

type OpenApiRequest = express.Request & {
  openapi?: { openApiRoute?: string; schema?: Record<string, any> };
};

/**
 * The validator's options: every problem reported at once, and a oneOf with a
 * discriminator checked only against the branch the discriminator names (so
 * `condition.days` is reported, not "must match exactly one schema").
 */
export const specRouterOptions: SpecRouterOptions = {
  validatorOptions: {
    validateRequests: {
      allErrors: true,
      coerceTypes: false,
      allowUnknownQueryParameters: false,
      discriminator: true,
    },
  },
};

/**
 * A plugin's HTTP router around the router generated from its OpenAPI spec:
 * - JSON bodies are parsed here, up to `bodyLimit`, so an oversized body
 *   answers 413 rather than the validator's 400 (and JSON that does not
 *   parse a 400), with no fields beside the error's name and message;
 * - a request the spec refuses answers 400 naming each bad field and what is
 *   wrong with it ("Invalid request: rules.0.condition.days: must be >= 1").
 *
 * Routes are added to `api`, typed by the spec; the plugin mounts `router`.
 */
export async function createSpecRouter<TApi extends express.Router>(
  createOpenApiRouter: (options: SpecRouterOptions) => Promise<TApi>,
  options: { spec: object; bodyLimit?: string },
): Promise<{ api: TApi; router: express.Router }> {
  const spec = options.spec as Record<string, any>;
  const router = Router();
  router.use(
    withBodyErrors(express.json({ limit: options.bodyLimit ?? '100kb' })),
  );
  const api = await createOpenApiRouter(specRouterOptions);
  router.use(api);
  router.use(
    (
      error: Error,
      req: OpenApiRequest,
      _res: express.Response,
      next: express.NextFunction,
    ) => {
      const problems =
        error.name === 'InputError'
          ? parseValidationSummary(error.message)
          : undefined;
      if (!problems) {
        next(error);
        return;
      }
      const route = req.openapi?.openApiRoute;
      const method = req.method.toLowerCase();
      const pathItem = route ? spec.paths?.[route] : undefined;
      const operation = req.openapi?.schema ?? pathItem?.[method];
      const withPathParameters = operation && {
        ...operation,
        parameters: [
          ...(operation.parameters ?? []),
          ...(pathItem?.parameters ?? []),
        ],
      };
      next(
        new InputError(
          `Invalid request: ${describeProblems(
            spec,
            withPathParameters,
            problems,
          )}`,
        ),
      );
    },
  );
  return { api, router };
}
