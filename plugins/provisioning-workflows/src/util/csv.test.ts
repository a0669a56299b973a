import { csvField, csvFileName, toCsv } from './csv';

describe('csv', () => {
  it('quotes fields with commas, quotes and line breaks, and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('Rossi, Ava')).toBe('"Rossi, Ava"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(undefined)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });

  it('writes a header and one CRLF-terminated line per row', () => {
    expect(
      toCsv(
        ['Person', 'Saving'],
        [
          ['Ava Rossi', 15],
          ['Liam "L" Patel, Jr', 10],
        ],
      ),
    ).toBe('Person,Saving\r\nAva Rossi,15\r\n"Liam ""L"" Patel, Jr",10\r\n');
  });

  it('names the file after its title and the day', () => {
    expect(
      csvFileName('Figma · preview', new Date('2026-11-24T10:00:00Z')),
    ).toBe('figma-preview-2026-11-24.csv');
  });
});
