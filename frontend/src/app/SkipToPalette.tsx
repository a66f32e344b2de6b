// The editor's second stop for Tab, beside the skip to Training: straight to the palette's layer
// types. Its shortcut, Alt+A, works from anywhere in the editor (editor/usePaletteKeys.ts).
import { focusPalette, PALETTE_SHORTCUT } from "../editor/usePaletteKeys";

export function SkipToPalette() {
  const skip = (event: { preventDefault: () => void }) => {
    event.preventDefault();
    focusPalette();
  };
  return (
    <a className="skip-link" href="#layer-palette" data-testid="skip-to-palette" title={`Or press ${PALETTE_SHORTCUT}`} onClick={skip}>
      Add a layer ({PALETTE_SHORTCUT})
    </a>
  );
}
