import { parseExemptionCsv, parseExemptionValue } from './exemptionCsv';

describe('parseExemptionCsv', () => {
  it('reads quoted commas, escaped quotes and a quoted newline as one field each', () => {
    const csv = [
      '\uFEFFemail,note',
      '"Dana.Lee@acme.example.com","Lee, Dana (CFO)"',
      'sam.ortiz@acme.example.com;"She said ""keep it"""',
      '',
      'group:default/vps,"board',
      'members"',
      'kim.ng@acme.example.com\tcontractor, until June',
      'ana.diaz@acme.example.com,on leave,back in May',
    ].join('\r\n');
    expect(parseExemptionCsv(csv)).toEqual([
      {
        kind: 'user',
        value: 'dana.lee@acme.example.com',
        note: 'Lee, Dana (CFO)',
      },
      {
        kind: 'user',
        value: 'sam.ortiz@acme.example.com',
        note: 'She said "keep it"',
      },
      { kind: 'group', value: 'group:default/vps', note: 'board\nmembers' },
      {
        kind: 'user',
        value: 'kim.ng@acme.example.com',
        note: 'contractor, until June',
      },
      {
        kind: 'user',
        value: 'ana.diaz@acme.example.com',
        note: 'on leave, back in May',
      },
    ]);
  });

  it('names the line each bad record starts on, and adds nothing', () => {
    const csv = [
      'a@acme.example.com,"two',
      'lines"',
      '',
      'not-an-email,x',
      '"Smith, John"',
    ].join('\n');
    expect(() => parseExemptionCsv(csv)).toThrow(
      "The CSV has 2 bad lines, nothing was added: line 4: 'not-an-email' is neither an e-mail nor a group ref like group:default/vps; line 5: 'Smith, John' is neither",
    );
  });

  it('says where a quote is left open', () => {
    expect(() =>
      parseExemptionCsv('a@acme.example.com\nb@acme.example.com,"open'),
    ).toThrow(/^The CSV could not be read at line \d, nothing was added: /);
  });

  it('refuses a list of nobody', () => {
    expect(() => parseExemptionCsv('email\n\n')).toThrow(
      'The CSV lists nobody',
    );
  });
});

describe('parseExemptionValue', () => {
  it('reads e-mails (lower-cased) and group refs, nothing else', () => {
    expect(parseExemptionValue(' Dana@Acme.example.com ')).toEqual({
      kind: 'user',
      value: 'dana@acme.example.com',
    });
    expect(parseExemptionValue('group:default/vps')).toEqual({
      kind: 'group',
      value: 'group:default/vps',
    });
    expect(parseExemptionValue('dana')).toBeUndefined();
  });
});
