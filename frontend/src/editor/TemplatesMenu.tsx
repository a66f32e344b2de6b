// The Templates menu: replaces the design with one to start from (undo brings the old one back).
import { useRef, type KeyboardEvent } from "react";
import type { DatasetSpec, Design } from "../api/types";
import { templateDataset, TEMPLATES } from "./templates";
import { useMenuRoom } from "./useMenuRoom";

interface Props {
  datasets: DatasetSpec[];
  current: DatasetSpec | undefined;
  /** `notice`: what the template changed that the user did not pick, the dataset; else null.
   * `said`: what was loaded, for the status line ("Loaded the MLP template: 4 layers."). */
  onOpen: (design: Design, dataset: string, notice: string | null, said: string) => void;
}

/** A template made for one dataset says so when it moves the design off the chosen one. */
function movedText(title: string, dataset: DatasetSpec, current: DatasetSpec | undefined): string | null {
  if (!current || current.name === dataset.name) return null;
  return `The ${title} template is made for ${dataset.title}: the dataset is now ${dataset.title}, not ${current.title}.`;
}

/** The menu's enabled items, for the arrow keys. */
const itemsOf = (menu: HTMLElement) => [...menu.querySelectorAll<HTMLElement>('[role="menuitem"]:not(:disabled)')];

export function TemplatesMenu({ datasets, current, onOpen }: Props) {
  const menu = useRef<HTMLDetailsElement>(null);
  const fitRoom = useMenuRoom(menu);
  const close = (focusSummary: boolean) => {
    if (!menu.current?.open) return;
    menu.current.open = false;
    if (focusSummary) menu.current.querySelector("summary")?.focus();
  };
  // As a menu button does: opened, its first item has the focus; arrows move, Escape closes, and
  // tabbing (or clicking) away closes it (left open, it covered the design).
  const keys = (event: KeyboardEvent<HTMLDetailsElement>) => {
    const box = menu.current;
    if (!box) return;
    if (event.key === "Escape") return (event.preventDefault(), close(true));
    if (!box.open || (event.key !== "ArrowDown" && event.key !== "ArrowUp" && event.key !== "Home" && event.key !== "End")) return;
    event.preventDefault();
    const items = itemsOf(box);
    const at = items.indexOf(document.activeElement as HTMLElement);
    const next = event.key === "Home" ? 0 : event.key === "End" ? items.length - 1 : (at + (event.key === "ArrowDown" ? 1 : -1) + items.length) % items.length;
    items[at === -1 && event.key === "ArrowUp" ? items.length - 1 : next]?.focus();
  };
  return (
    <details
      className="menu"
      ref={menu}
      onKeyDown={keys}
      onToggle={(event) => {
        // Not where an arrow pressed before the toggle came already moved the focus on.
        const box = event.currentTarget;
        if (box.open) fitRoom(); // before the focus goes in: its first item is then in sight
        if (box.open && !itemsOf(box).includes(document.activeElement as HTMLElement)) itemsOf(box)[0]?.focus();
      }}
      onBlur={(event) => event.relatedTarget !== null && !event.currentTarget.contains(event.relatedTarget) && close(false)}
    >
      <summary className="button" data-testid="templates-menu">
        Templates ▾
      </summary>
      <div className="menu-items" role="menu">
        {TEMPLATES.map((template) => {
          const dataset = templateDataset(template, datasets, current);
          return (
            <button
              key={template.name}
              role="menuitem"
              data-testid={`template-${template.name}`}
              disabled={!dataset}
              onClick={() => {
                if (!dataset) return;
                const design = template.make(dataset);
                const count = design.layers.length;
                const said = `Loaded the ${template.title} template: ${count} ${count === 1 ? "layer" : "layers"}.`;
                onOpen(design, dataset.name, movedText(template.title, dataset, current), said);
                // The item goes with the menu: the focus goes back to its button, not the page.
                close(true);
              }}
            >
              <strong>{template.title}</strong>
              <small>
                {template.help}
                {dataset && (!template.dataset || dataset.name !== template.dataset) && ` On ${dataset.title}.`}
              </small>
            </button>
          );
        })}
      </div>
    </details>
  );
}
