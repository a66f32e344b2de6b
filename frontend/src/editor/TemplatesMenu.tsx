// The Templates menu: replaces the design with one to start from (undo brings the old one back).
import { useRef } from "react";
import type { DatasetSpec, Design } from "../api/types";
import { templateDataset, TEMPLATES } from "./templates";

interface Props {
  datasets: DatasetSpec[];
  current: DatasetSpec | undefined;
  /** `notice`: what the template changed that the user did not pick, the dataset; else null. */
  onOpen: (design: Design, dataset: string, notice: string | null) => void;
}

/** A template made for one dataset says so when it moves the design off the chosen one. */
function movedText(title: string, dataset: DatasetSpec, current: DatasetSpec | undefined): string | null {
  if (!current || current.name === dataset.name) return null;
  return `The ${title} template is made for ${dataset.title}: the dataset is now ${dataset.title}, not ${current.title}.`;
}

export function TemplatesMenu({ datasets, current, onOpen }: Props) {
  const menu = useRef<HTMLDetailsElement>(null);
  return (
    <details className="menu" ref={menu}>
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
                onOpen(template.make(dataset), dataset.name, movedText(template.title, dataset, current));
                if (menu.current) menu.current.open = false;
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
