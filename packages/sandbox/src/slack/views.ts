import { randomBytes } from 'node:crypto';

/**
 * Slack's modals (views), as the Web API's views.open / views.update /
 * views.push keep them: the view the app sent, the state of its inputs
 * (what the person typed or chose, kept across updates when block_id and
 * action_id stay the same), a hash that changes with every update, and the
 * errors of the last refused submission.
 */
export type SlackView = {
  /** V..., unique in the workspace. */
  id: string;
  /** The person who sees it. */
  user: string;
  hash: string;
  /** What the app sent (type, title, blocks, submit, close, private_metadata, callback_id, external_id). */
  view: any;
  /** `view.state.values`: block_id → action_id → value. */
  values: Record<string, Record<string, any>>;
  /** Errors of the last submission answered with `response_action: errors`, by block_id. */
  errors: Record<string, string>;
  /** Closed by a submission, `response_action: clear`, or the person. */
  open: boolean;
  /** The view below this one in its stack (views.push). */
  previousViewId?: string;
  rootViewId: string;
  openedAt: string;
  updates: number;
};

/** A trigger_id: what views.open needs, once, within 3 seconds. */
export type SlackTrigger = { user: string; issuedAtMs: number; used: boolean };

/** Slack refuses a trigger_id older than this. */
export const TRIGGER_TTL_MS = 3000;

const INPUT_ELEMENTS = new Set([
  'plain_text_input',
  'static_select',
  'radio_buttons',
  'checkboxes',
  'datepicker',
  'number_input',
]);

/** The input of an element, as the state of a view has it before anyone chose. */
function initialValue(el: any): any {
  switch (el.type) {
    case 'plain_text_input':
    case 'number_input':
      return { type: el.type, value: el.initial_value ?? null };
    case 'static_select':
    case 'radio_buttons':
      return { type: el.type, selected_option: el.initial_option ?? null };
    case 'checkboxes':
      return { type: el.type, selected_options: el.initial_options ?? [] };
    case 'datepicker':
      return { type: el.type, selected_date: el.initial_date ?? null };
    default:
      return undefined;
  }
}

/** The interactive elements of a block: an input's one, an actions block's all. */
export function elementsOf(block: any): any[] {
  if (block.type === 'input' && block.element) return [block.element];
  if (block.type === 'actions') return block.elements ?? [];
  if (block.type === 'section' && block.accessory) return [block.accessory];
  return [];
}

/**
 * The state of a view's inputs: what was entered before, for the blocks
 * and actions that kept their ids; initial values for the others.
 */
export function stateFor(
  blocks: any[],
  previous: Record<string, Record<string, any>> = {},
): Record<string, Record<string, any>> {
  const values: Record<string, Record<string, any>> = {};
  for (const block of blocks) {
    for (const el of elementsOf(block)) {
      if (!INPUT_ELEMENTS.has(el.type) || !el.action_id) continue;
      const kept = previous[block.block_id]?.[el.action_id];
      const value = kept?.type === el.type ? kept : initialValue(el);
      if (value) (values[block.block_id] ??= {})[el.action_id] = value;
    }
  }
  return values;
}

const plainText = (t: any) =>
  t && t.type === 'plain_text' && typeof t.text === 'string';

/**
 * What Slack says of a view it will not show (`invalid_arguments` with
 * messages), or undefined when it is fine. Checks the limits apps run into:
 * the type, a title of at most 24 characters, at most 100 blocks with
 * unique block_ids (each given one here when the app gave none), options of
 * a select (1 to 100, text up to 75, value up to 150 characters), a submit
 * button when there are inputs, private_metadata up to 3000 characters.
 */
export function invalidView(view: any): string[] | undefined {
  const errors: string[] = [];
  const at = (msg: string, pointer: string) =>
    errors.push(`[ERROR] ${msg} [json-pointer:/view${pointer}]`);
  if (!view || typeof view !== 'object') return ['[ERROR] no view'];
  if (view.type !== 'modal') at('must be "modal"', '/type');
  if (!plainText(view.title) || view.title.text.length > 24)
    at('must be plain_text of at most 24 characters', '/title');
  if (!Array.isArray(view.blocks)) {
    at('must be an array', '/blocks');
    return errors;
  }
  if (view.blocks.length > 100) at('must be at most 100 items', '/blocks');
  if (String(view.private_metadata ?? '').length > 3000)
    at('must be at most 3000 characters', '/private_metadata');
  const ids = new Set<string>();
  let inputs = 0;
  view.blocks.forEach((block: any, i: number) => {
    if (block.block_id !== undefined) {
      if (ids.has(block.block_id))
        at('duplicate block_id', `/blocks/${i}/block_id`);
      ids.add(block.block_id);
    }
    if (block.type === 'input') {
      inputs++;
      if (!plainText(block.label))
        at('must be plain_text', `/blocks/${i}/label`);
      if (!block.element) at('is required', `/blocks/${i}/element`);
    }
    elementsOf(block).forEach((el: any, j: number) => {
      const where =
        block.type === 'input'
          ? `/blocks/${i}/element`
          : `/blocks/${i}/elements/${j}`;
      if (el.type === 'static_select' || el.type === 'radio_buttons') {
        const options = el.options ?? [];
        if (!options.length || options.length > 100)
          at('must be between 1 and 100 items', `${where}/options`);
        options.forEach((o: any, k: number) => {
          if (!plainText(o.text) || o.text.text.length > 75)
            at(
              'must be plain_text of at most 75 characters',
              `${where}/options/${k}/text`,
            );
          if (typeof o.value !== 'string' || o.value.length > 150)
            at(
              'must be a string of at most 150 characters',
              `${where}/options/${k}/value`,
            );
        });
      }
    });
  });
  if (inputs && !plainText(view.submit))
    at('is required when the view has inputs', '/submit');
  return errors.length ? errors : undefined;
}

/** Block ids Slack would make up for blocks the app sent without one. */
export function withBlockIds(blocks: any[]): any[] {
  return blocks.map(b =>
    b.block_id ? b : { ...b, block_id: randomBytes(3).toString('hex') },
  );
}

export function newHash(): string {
  return `${Math.floor(Date.now() / 1000)}.${randomBytes(6).toString('hex')}`;
}

/** A view as the Web API answers it and as payloads carry it. */
export function viewJson(v: SlackView) {
  return {
    id: v.id,
    team_id: 'T0SANDBOX',
    type: v.view.type,
    title: v.view.title,
    submit: v.view.submit ?? null,
    close: v.view.close ?? null,
    blocks: v.view.blocks,
    private_metadata: v.view.private_metadata ?? '',
    callback_id: v.view.callback_id ?? '',
    external_id: v.view.external_id ?? '',
    state: { values: v.values },
    hash: v.hash,
    clear_on_close: Boolean(v.view.clear_on_close),
    notify_on_close: Boolean(v.view.notify_on_close),
    previous_view_id: v.previousViewId ?? null,
    root_view_id: v.rootViewId,
    app_id: 'A0SANDBOX',
    bot_id: 'B0SANDBOX',
  };
}

/**
 * What a person enters into an input: a select's option (found by value
 * among the element's options), text, or a number.
 */
export function enteredValue(el: any, value: string): any {
  switch (el.type) {
    case 'static_select':
    case 'radio_buttons': {
      const option = (el.options ?? []).find((o: any) => o.value === value);
      if (!option)
        throw new Error(`${el.action_id} has no option with value ${value}`);
      return { type: el.type, selected_option: option };
    }
    case 'plain_text_input':
    case 'number_input':
      return { type: el.type, value };
    case 'datepicker':
      return { type: el.type, selected_date: value };
    default:
      throw new Error(`Cannot enter a value into a ${el.type}`);
  }
}
