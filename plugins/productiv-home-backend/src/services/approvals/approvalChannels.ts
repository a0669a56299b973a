import {
  ApprovalChannel,
  ApprovalDecisions,
  ChannelIntake,
} from '@internal/plugin-productiv-home-node';
import { RequestDecisions } from '../requests/RequestDecisions';

/** What approval channels call when someone decides in Slack or by e-mail. */
export function approvalDecisions(
  decisions: Pick<RequestDecisions, 'decide'>,
): ApprovalDecisions {
  return {
    decide: async ({ requestId, approverRef, decision, comment, level }) => {
      const decided = await decisions.decide(
        requestId,
        { decision, comment },
        { actor: approverRef, level },
      );
      return { status: decided.status, level: decided.level };
    },
  };
}

/**
 * Adds the channels the modules registered, each given the decisions and
 * the intake (requests a channel makes for a person it identified), to
 * `channels` (which the use cases already read: they queue channel work only
 * for an installed channel). Ids are unique.
 */
export function addApprovalChannels(
  channels: Map<string, ApprovalChannel>,
  factories: Array<
    (decisions: ApprovalDecisions, intake: ChannelIntake) => ApprovalChannel
  >,
  decisions: ApprovalDecisions,
  intake: ChannelIntake,
): void {
  for (const factory of factories) {
    const channel = factory(decisions, intake);
    if (channels.has(channel.id)) {
      throw new Error(`Approval channel '${channel.id}' is already registered`);
    }
    channels.set(channel.id, channel);
  }
}
