// The Templates menu: replaces the design with one to start from (undo brings the old one back).
import { useRef } from "react";
import type { DatasetSpec, Design } from "../api/types";
import { TEMPLATES } from "./templates";

interface Props {
  datasets: DatasetSpec[];
  current: DatasetSpec | undefined;
  onOpen: (design: Design, dataset: string) => void;
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
          const dataset = template.dataset ? datasets.find((d) => d.name === template.dataset) : current;
          return (
            <button
              key={template.name}
              role="menuitem"
              data-testid={`template-${template.name}`}
              disabled={!dataset}
              onClick={() => {
                if (!dataset) return;
                onOpen(template.make(dataset), dataset.name);
                if (menu.current) menu.current.open = false;
              }}
            >
              <strong>{template.title}</strong>
              <small>
                {template.help}
                {dataset && !template.dataset && ` On ${dataset.title}.`}
              </small>
            </button>
          );
        })}
      </div>
    </details>
  );
}
