// The file name a download's Content-Disposition header gives, as the browser would save it.

/** `filename*=utf-8''…` first (percent-encoded), then `filename="…"` or a bare `filename=…`;
 * null for no header, no name, or an encoded name that does not decode. */
export function attachmentName(header: string | null): string | null {
  if (!header) return null;
  const encoded = /filename\*=utf-8''([^;]+)/i.exec(header);
  if (encoded?.[1]) {
    try {
      return decodeURIComponent(encoded[1]);
    } catch {
      return null;
    }
  }
  return /filename="?([^";]+)"?/i.exec(header)?.[1] ?? null;
}
