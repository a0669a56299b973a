import { InputError, ResponseError } from '@backstage/errors';
import { errorBody, jsonResponse } from '../RequestPage/__testUtils__/fixtures';
import {
  fieldErrors,
  FORM_ERROR,
  inputErrors,
  placeErrors,
} from './fieldErrors';

describe('fieldErrors', () => {
  it('takes the field a message names first', () => {
    expect(
      fieldErrors(
        'okta.tiers.1.groupId: the Okta group "miro-admins" (00gA) is not assigned to Miro; pick one of its groups',
      ),
    ).toEqual({
      'okta.tiers.1.groupId':
        'the Okta group "miro-admins" (00gA) is not assigned to Miro; pick one of its groups',
    });
  });

  it('splits the problems the spec router lists, without its prefix', () => {
    expect(
      fieldErrors(
        'Invalid request: name: must not be blank, and at most 120 characters; approval.levels.0.users: must NOT have fewer than 1 items; tiers: at least one requestable tier is required',
      ),
    ).toEqual({
      name: 'must not be blank, and at most 120 characters',
      'approval.levels.0.users': 'must NOT have fewer than 1 items',
      tiers: 'at least one requestable tier is required',
    });
  });

  it('keeps what names no field for the form, and joins two problems of one field', () => {
    expect(fieldErrors('Give the name of the app you need')).toEqual({
      [FORM_ERROR]: 'Give the name of the app you need',
    });
    // A sentence with a colon is not a field.
    expect(
      fieldErrors(
        'Tell your approver why you need this app: a justification is required',
      ),
    ).toEqual({
      [FORM_ERROR]:
        'Tell your approver why you need this app: a justification is required',
    });
    expect(fieldErrors('url: must match format "uri"; url: too long')).toEqual({
      url: 'must match format "uri"; too long',
    });
    expect(fieldErrors('  ')).toEqual({});
  });
});

describe('inputErrors', () => {
  it('reads the field errors of a 400 and of an InputError', async () => {
    const refused = await ResponseError.fromResponse(
      jsonResponse(
        400,
        errorBody(400, 'InputError', 'Invalid request: reason: tell why'),
      ),
    );
    expect(inputErrors(refused)).toEqual({ reason: 'tell why' });
    expect(inputErrors(new InputError('name: blank'))).toEqual({
      name: 'blank',
    });
  });

  it('leaves other failures to the form', async () => {
    const conflict = await ResponseError.fromResponse(
      jsonResponse(409, errorBody(409, 'ConflictError', 'name: taken')),
    );
    expect(inputErrors(conflict)).toBeUndefined();
    expect(inputErrors(new Error('offline'))).toBeUndefined();
  });
});

describe('placeErrors', () => {
  it('places the fields a form knows and gathers the rest', () => {
    const place = (field: string) =>
      field === 'name' || field.startsWith('tiers') ? 'known' : undefined;
    expect(
      placeErrors(
        {
          name: 'blank',
          'tiers.0': 'too long',
          'okta.instanceId': 'gone',
          [FORM_ERROR]: 'Try again',
        },
        place,
      ),
    ).toEqual({
      fields: { known: 'blank; too long' },
      rest: 'okta.instanceId: gone; Try again',
    });
    expect(placeErrors({ name: 'blank' }, place)).toEqual({
      fields: { known: 'blank' },
      rest: undefined,
    });
  });
});
