import { ticketSubjectOf, tierNameOf } from './ticketWording';

const request = {
  requestId: 'r1',
  appKey: 'figma',
  appName: 'Figma',
  tier: 'editor',
  requesterRef: 'user:default/emma.jones',
  requesterName: 'Emma Jones',
} as any;

describe('ticket wording', () => {
  it('names the tier by its display name, else its key title-cased', () => {
    expect(tierNameOf({ tier: 'editor', tierName: 'Full Editor' })).toBe(
      'Full Editor',
    );
    expect(tierNameOf({ tier: 'editor' })).toBe('Editor');
  });

  it('says what a ticket is about: a grant or a license given back', () => {
    expect(ticketSubjectOf(request)).toBe('Figma Editor for Emma Jones');
    expect(ticketSubjectOf({ ...request, action: 'remove' })).toBe(
      'Figma Editor removed from Emma Jones',
    );
    expect(ticketSubjectOf({ ...request, requesterName: undefined })).toBe(
      'Figma Editor for user:default/emma.jones',
    );
  });
});
