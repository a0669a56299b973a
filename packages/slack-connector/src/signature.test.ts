import { createHmac } from 'node:crypto';
import { freshTimestamp, REPLAY_WINDOW_S, validSignature } from './signature';

const sign = (secret: string, ts: string, body: string) =>
  `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;

describe('validSignature', () => {
  const body = 'payload=%7B%22type%22%3A%22block_actions%22%7D';

  it('accepts the v0 HMAC of timestamp and body with the signing secret', () => {
    expect(
      validSignature(
        's3cret',
        '1700000000',
        body,
        sign('s3cret', '1700000000', body),
      ),
    ).toBe(true);
  });

  it('refuses another secret, another timestamp, another body or a truncated signature', () => {
    const good = sign('s3cret', '1700000000', body);
    expect(validSignature('other', '1700000000', body, good)).toBe(false);
    expect(validSignature('s3cret', '1700000001', body, good)).toBe(false);
    expect(validSignature('s3cret', '1700000000', `${body}x`, good)).toBe(
      false,
    );
    expect(
      validSignature('s3cret', '1700000000', body, good.slice(0, -1)),
    ).toBe(false);
    expect(validSignature('s3cret', '1700000000', body, '')).toBe(false);
  });
});

describe('freshTimestamp', () => {
  const now = 1_700_000_000_000;
  it('accepts timestamps within five minutes either way, and nothing else', () => {
    expect(freshTimestamp(String(now / 1000), now)).toBe(true);
    expect(freshTimestamp(String(now / 1000 - REPLAY_WINDOW_S), now)).toBe(
      true,
    );
    expect(freshTimestamp(String(now / 1000 + REPLAY_WINDOW_S), now)).toBe(
      true,
    );
    expect(freshTimestamp(String(now / 1000 - REPLAY_WINDOW_S - 1), now)).toBe(
      false,
    );
    expect(freshTimestamp(String(now / 1000 + REPLAY_WINDOW_S + 1), now)).toBe(
      false,
    );
    expect(freshTimestamp('', now)).toBe(false);
    expect(freshTimestamp('1700000000.5', now)).toBe(false);
    expect(freshTimestamp('-1', now)).toBe(false);
  });
});
