import {
  AuditorService,
  AuthService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ApprovalDecisions,
  ChannelIntake,
} from '@internal/plugin-productiv-home-node';
import type { Request } from 'express';
import type { WebClient } from '@slack/web-api';
import {
  approvalsListMessage,
  BulkOutcome,
  bulkResultMessage,
  oneLine,
} from './approvalsList';
import { explainSlackError } from './errors';
import {
  enteredRequest,
  FIELD_BLOCKS,
  metadataOf,
  requestedView,
  requestView,
} from './requestModal';
import { catalogUserOf, notInCatalog } from './slackPeople';
import { SlackStore } from './SlackStore';

/** The errors with which Productiv Home refuses a decision. */
const REFUSALS = new Set([
  'NotAllowedError',
  'ConflictError',
  'NotFoundError',
  'InputError',
]);

/** An ephemeral answer to the person who typed a command. */
export type CommandAnswer = {
  response_type: 'ephemeral';
  text: string;
  blocks?: any[];
};

/**
 * Slack as a front door for Productiv Home: the slash command (request an
 * app in a modal, list what waits for one's decision, help), the modal's
 * interactions and submission, and the "Approve all" button. Every person
 * is the catalog user their Slack e-mail names; requests go through Home's
 * intake and decisions through Home's decisions, which check them.
 */
export class SlackFrontDoor {
  private workspaceUrl?: Promise<string | undefined>;

  constructor(
    private readonly deps: {
      client: WebClient;
      catalog: CatalogService;
      auth: AuthService;
      store: SlackStore;
      auditor: AuditorService;
      logger: LoggerService;
      intake: () => ChannelIntake | undefined;
      decisions: () => ApprovalDecisions | undefined;
      /** The command as people type it, e.g. `/productiv`. */
      command: string;
      /** The portal, for links to requests. */
      appBaseUrl: string;
    },
  ) {}

  private intake(): ChannelIntake {
    const intake = this.deps.intake();
    if (!intake) throw new Error('Productiv Home is not ready yet');
    return intake;
  }

  help(intro?: string): CommandAnswer {
    const c = this.deps.command;
    return {
      response_type: 'ephemeral',
      text: [
        intro,
        `*${c} request* [words of the app's name]: request an app of the catalog (its tier, why, and for how long).`,
        `*${c} approvals*: the requests waiting for your decision, to approve them all at once or go to each one.`,
        `*${c} help*: this list.`,
      ]
        .filter(Boolean)
        .join('\n'),
    };
  }

  /** Answers a slash command: opens the modal, lists approvals, or helps. */
  async command(fields: {
    text: string;
    userId: string;
    triggerId: string;
  }): Promise<CommandAnswer | undefined> {
    const [verb = '', ...rest] = fields.text.trim().split(/\s+/);
    const what = verb.toLowerCase();
    if (!what || what === 'help') return this.help();
    if (what !== 'request' && what !== 'approvals') {
      return this.help(`I do not know “${verb}”. What I can do:`);
    }
    const person = await catalogUserOf(this.deps, fields.userId);
    if (!person.userRef) {
      return { response_type: 'ephemeral', text: notInCatalog(person) };
    }
    if (what === 'approvals') return this.approvals(person.userRef);
    const search = rest.join(' ');
    const intake = this.intake();
    const [apps, justificationRequired] = await Promise.all([
      intake.searchApps({ requesterRef: person.userRef, search }),
      intake.justificationRequired(),
    ]);
    try {
      await this.deps.client.views.open({
        trigger_id: fields.triggerId,
        view: requestView({
          apps,
          matched: apps.length,
          search,
          justificationRequired,
        }),
      });
    } catch (error) {
      throw explainSlackError(error, 'open the request form');
    }
    return undefined;
  }

  /** The app was chosen in the modal: its tiers follow. */
  async appChosen(payload: any): Promise<void> {
    const view = payload.view;
    const { appKey } = enteredRequest(view);
    const person = await catalogUserOf(this.deps, payload.user.id);
    if (!appKey || !person.userRef) return;
    const intake = this.intake();
    const { search } = metadataOf(view);
    const [apps, chosen, justificationRequired] = await Promise.all([
      intake.searchApps({ requesterRef: person.userRef, search }),
      intake.getApp({ requesterRef: person.userRef, appKey }),
      intake.justificationRequired(),
    ]);
    try {
      await this.deps.client.views.update({
        view_id: view.id,
        // A newer update (the person chose again) wins.
        hash: view.hash,
        view: requestView({
          apps,
          matched: apps.length,
          search,
          chosen,
          justificationRequired,
        }),
      });
    } catch (error) {
      const explained = explainSlackError(error, 'show the tiers');
      if ((error as any)?.data?.error === 'hash_conflict') return;
      throw explained;
    }
  }

  /** The modal was submitted: the request is made, or the field at fault says why not. */
  async submitted(payload: any): Promise<object | undefined> {
    const view = payload.view;
    const entered = enteredRequest(view);
    const errors = (field: keyof typeof FIELD_BLOCKS, message: string) => ({
      response_action: 'errors',
      errors: { [FIELD_BLOCKS[field]]: message },
    });
    if (!entered.appKey) return errors('app', 'Choose an app');
    // The tiers show once the app is chosen (Slack sends that choice first).
    if (!entered.tier)
      return metadataOf(view).appKey === entered.appKey
        ? errors('tier', 'Choose a tier')
        : errors('app', 'Choose the app again to see its tiers');
    const person = await catalogUserOf(this.deps, payload.user.id);
    if (!person.userRef) return errors('app', notInCatalog(person));
    const intake = this.intake();
    const result = await intake.submit({
      requesterRef: person.userRef,
      appKey: entered.appKey,
      tier: entered.tier,
      justification: entered.justification,
      accessDays: entered.accessDays,
      via: 'slack',
    });
    if (!result.created) return errors(result.field, result.message);
    this.deps.logger.info(
      `Slack request ${result.requestId} by ${person.userRef}: ${result.status}`,
    );
    const app = await intake.getApp({
      requesterRef: person.userRef,
      appKey: entered.appKey,
    });
    return {
      response_action: 'update',
      view: requestedView({
        appName: app?.name ?? entered.appKey,
        tierName:
          app?.tiers.find(t => t.tier === entered.tier)?.displayName ??
          entered.tier,
        status: result.status,
        accessDays: entered.accessDays,
        link: `${this.deps.appBaseUrl}/productiv-home?tab=requests&request=${result.requestId}`,
      }),
    };
  }

  /** The list of what waits for the person, with links to the cards. */
  private async approvals(userRef: string): Promise<CommandAnswer> {
    const items = await this.intake().listAwaiting(userRef);
    const links = new Map<string, string>();
    const base = await this.workspace();
    if (base) {
      for (const r of items) {
        const card = (
          await this.deps.store.postsFor(r.requestId, r.level, userRef)
        ).find(p => p.kind === 'approval' && p.ts);
        if (card) {
          // Slack's permalink: the channel and the ts without its dot.
          links.set(
            r.requestId,
            `${base}archives/${card.channel}/p${card.ts!.replace('.', '')}`,
          );
        }
      }
    }
    return {
      response_type: 'ephemeral',
      ...approvalsListMessage(items, links),
    };
  }

  /** The workspace's URL (auth.test), once. */
  private workspace(): Promise<string | undefined> {
    this.workspaceUrl ??= this.deps.client.auth
      .test()
      .then(a => a.url)
      .catch(error => {
        this.workspaceUrl = undefined;
        this.deps.logger.warn(`No Slack workspace URL: ${error}`);
        return undefined;
      });
    return this.workspaceUrl;
  }

  /**
   * "Approve all": each request is decided by the clicker through Home,
   * which checks that it waits on them at that level; audited one by one.
   */
  async approveAll(
    click: {
      slackUserId: string;
      items: Array<{ r: string; l: number }>;
      request: Request;
    },
    respond: (content: { text: string; blocks: any[] }) => Promise<void>,
  ): Promise<void> {
    const person = await catalogUserOf(this.deps, click.slackUserId);
    const audit = async (
      requestId: string,
      refused?: string,
      approver?: string,
    ) => {
      const event = await this.deps.auditor.createEvent({
        eventId: refused ? 'slack-click-refused' : 'slack-click',
        severityLevel: 'medium',
        request: click.request,
        meta: {
          slackUser: click.slackUserId,
          requestId,
          decision: 'approved',
          bulk: 'true',
          ...(approver ? { approver } : {}),
          ...(refused ? { reason: refused } : {}),
        },
      });
      if (refused) await event.fail({ error: new Error(refused) });
      else await event.success();
    };
    if (!person.userRef) {
      for (const item of click.items) {
        await audit(item.r, 'Slack user not in the catalog');
      }
      await respond({ text: notInCatalog(person), blocks: [] });
      return;
    }
    const decisions = this.deps.decisions();
    if (!decisions) throw new Error('Approvals are not ready yet');
    const names = new Map(
      (await this.intake().describe(click.items.map(i => i.r))).map(r => [
        r.requestId,
        oneLine(r),
      ]),
    );
    const outcome: BulkOutcome = { approved: [], refused: [] };
    for (const item of click.items) {
      const what = names.get(item.r) ?? 'A request that no longer exists';
      try {
        await decisions.decide({
          requestId: item.r,
          approverRef: person.userRef,
          decision: 'approved',
          via: 'slack',
          level: item.l,
        });
        outcome.approved.push(what);
        await audit(item.r, undefined, person.userRef);
      } catch (error) {
        const e = error as Error;
        if (!REFUSALS.has(e.name)) {
          outcome.refused.push({
            what,
            reason: 'could not be recorded; try again in a minute',
          });
          await audit(item.r, `decision failed: ${e}`, person.userRef);
          continue;
        }
        outcome.refused.push({ what, reason: e.message });
        await audit(item.r, e.message, person.userRef);
      }
    }
    await respond(bulkResultMessage(outcome));
  }
}
