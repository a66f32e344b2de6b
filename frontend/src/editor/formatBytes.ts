// Sizes in one convention everywhere: binary units (1 KiB = 1024 bytes), as the server counts its
// limits and as memory is counted: 812 B, 9.2 KiB, 546 KiB, 3.1 MiB.

const UNITS = ["KiB", "MiB", "GiB", "TiB"];

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit = 0;
  while (Math.round(value) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value < 9.95 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}
