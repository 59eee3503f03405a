/** Offers text to the user as a file download. */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: the browser reads the blob after this call returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a scenario name: `SERVERware Cluster from 3.2` → `serverware-cluster-from-3-2`. Pure. */
export function fileStem(name: string): string {
  const stem = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return stem === '' ? 'rehearse' : stem;
}
