import {
  BackendFeature,
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceMock,
  startTestBackend,
  TestBackend,
} from '@backstage/backend-test-utils';
import {
  ApprovalChannel,
  ApprovalDecisions,
  FulfillmentProvider,
  productivHomeApprovalChannelExtensionPoint,
  productivHomeFulfillmentExtensionPoint,
} from '../extensions';
import {
  AuditTrailTicketing,
  productivHomeAuditTrailExtensionPoint,
} from '../auditTrail';
import type { ChannelIntake } from '../channelIntake';

/**
 * A feature as `startTestBackend` takes it: the feature or its module import.
 *
 * @public
 */
export type TestBackendFeature =
  | BackendFeature
  | Promise<{ default: BackendFeature }>;

/**
 * What a Productiv Home module added to the plugin's extension points.
 *
 * @public
 */
export type ProductivHomeModuleTestBackend = {
  backend: TestBackend;
  /** The fulfillment providers the module added, in order. */
  providers: FulfillmentProvider[];
  /** The approval channels the module added, each made with the test's decisions. */
  channels: ApprovalChannel[];
  /** Every decision the channels reported, in order. */
  decided: Array<Parameters<ApprovalDecisions['decide']>[0]>;
  /** The audit trails the module added, in order. */
  auditTrails: AuditTrailTicketing[];
  /** The logger the module was given (`mockServices.logger.mock()`). */
  logger: ServiceMock<LoggerService>;
};

/** A catalog without apps, nothing to approve, no request taken. */
const emptyIntake: ChannelIntake = {
  searchApps: async () => [],
  getApp: async () => undefined,
  justificationRequired: async () => false,
  submit: async () => {
    throw new Error('This test backend takes no request');
  },
  listAwaiting: async () => [],
  describe: async () => [],
};

/**
 * Starts one Productiv Home backend module on its own, without the plugin:
 * the plugin's extension points record what the module adds, and approval
 * channels are created with decisions that are recorded and answered by
 * `decide` (by default `{ status: 'recorded' }`).
 *
 * @public
 */
export async function startProductivHomeModuleTestBackend(options: {
  /** The module under test. */
  module: TestBackendFeature;
  /** The root config, e.g. `{ connectors: { email: {...} } }`. Default none. */
  config?: mockServices.rootConfig.Options['data'];
  /** Other features or service factories the module needs. */
  features?: TestBackendFeature[];
  /** How the plugin answers a channel's decisions. */
  decide?: ApprovalDecisions['decide'];
  /** The plugin's intake for channels; by default an empty catalog that takes no request. */
  intake?: ChannelIntake;
}): Promise<ProductivHomeModuleTestBackend> {
  const providers: FulfillmentProvider[] = [];
  const channels: ApprovalChannel[] = [];
  const decided: ProductivHomeModuleTestBackend['decided'] = [];
  const auditTrails: AuditTrailTicketing[] = [];
  const decisions: ApprovalDecisions = {
    decide: async input => {
      decided.push(input);
      return options.decide ? options.decide(input) : { status: 'recorded' };
    },
  };
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    extensionPoints: [
      [
        productivHomeApprovalChannelExtensionPoint,
        {
          addChannel: factory =>
            void channels.push(
              factory(decisions, options.intake ?? emptyIntake),
            ),
        },
      ],
      [
        productivHomeFulfillmentExtensionPoint,
        { addProvider: (...added) => void providers.push(...added.flat()) },
      ],
      [
        productivHomeAuditTrailExtensionPoint,
        { addAuditTrail: trail => void auditTrails.push(trail) },
      ],
    ],
    features: [
      options.module,
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      createServiceFactory({
        service: coreServices.logger,
        deps: {},
        factory: () => logger,
      }),
      ...(options.features ?? []),
    ],
  });
  return { backend, providers, channels, decided, auditTrails, logger };
}
