/** Reads what a download offered: the Blob handed to URL.createObjectURL. */
export function captureDownloads() {
  const blobs: Blob[] = [];
  const names: string[] = [];
  const original = { create: URL.createObjectURL, revoke: URL.revokeObjectURL };
  URL.createObjectURL = (blob: Blob) => {
    blobs.push(blob);
    return `blob:test/${blobs.length}`;
  };
  URL.revokeObjectURL = () => {};
  const click = jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function clicked(this: HTMLAnchorElement) {
      names.push(this.download);
    });
  const text = (blob: Blob): Promise<string> =>
    typeof blob.text === 'function'
      ? blob.text()
      : new Promise(resolve => {
          const reader = new FileReader();
          reader.onload = () => resolve(String(reader.result));
          reader.readAsText(blob);
        });
  return {
    names,
    texts: () => Promise.all(blobs.map(text)),
    restore: () => {
      URL.createObjectURL = original.create;
      URL.revokeObjectURL = original.revoke;
      click.mockRestore();
    },
  };
}
