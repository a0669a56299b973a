/**
 * Mounting of the routers generated from each backend plugin's OpenAPI spec.
 *
 * @packageDocumentation
 */
export { createSpecRouter, specRouterOptions } from './createSpecRouter';
export type { SpecRouterOptions } from './createSpecRouter';
export { describeProblems, parseValidationSummary } from './validationMessages';
export type { FieldProblem } from './validationMessages';
export {
  bodyParserError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  withBodyErrors,
} from './requestBody';
export { createContractChecker } from './contractChecker';
export type { ObservedAnswer } from './contractChecker';
