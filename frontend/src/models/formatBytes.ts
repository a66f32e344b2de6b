// The model page's downloads say their size as the editor's estimate does: one formatter.
export { formatBytes } from "../editor/formatBytes";
