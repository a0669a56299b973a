import { screen } from '@testing-library/react';
import { ref, renderWith } from '../RequestPage/__testUtils__/fixtures';
import { WhoApproves } from './WhoApproves';

describe('WhoApproves', () => {
  it('names the approvers of each level by display name before sending', async () => {
    await renderWith(<WhoApproves appKey="figma" />, {
      api: {
        previewApprovers: async () => ({
          needsApproval: true,
          levels: [
            { level: 1, approvers: [ref('olivia.chen')], viaFallback: false },
            {
              level: 2,
              approvers: [ref('sarah.johnson'), ref('liam.patel')],
              viaFallback: false,
            },
          ],
        }),
      },
    });
    expect(await screen.findByTestId('who-approves')).toHaveTextContent(
      'Your request goes to Olivia Chen, then Sarah Johnson and Liam Patel.',
    );
  });

  it('says when no approval is needed', async () => {
    await renderWith(<WhoApproves appKey="figma" />, {
      api: {
        previewApprovers: async () => ({ needsApproval: false, levels: [] }),
      },
    });
    expect(await screen.findByTestId('who-approves')).toHaveTextContent(
      'No approval needed: access is set up as soon as you send it.',
    );
  });
});
