// The design's name as it is typed. A blank name is never the design's: a run named "" had nothing
// to click in the runs list and no title on its model page. Left blank, the field goes back to the
// name it had when the field was entered.
import { useRef, useState } from "react";

interface Props {
  name: string;
  onChange: (name: string) => void;
}

export function DesignNameField({ name, onChange }: Props) {
  // Blank text on screen while the design keeps its last name; null when the field shows the name.
  const [blank, setBlank] = useState<string | null>(null);
  const entered = useRef(name);
  return (
    <label className="name-field">
      <span>Design name</span>
      {/* At most what the server takes for a run's name (RunName): past it, Train gave a 422. */}
      <input
        data-testid="design-name"
        value={blank ?? name}
        maxLength={200}
        spellCheck={false}
        onFocus={() => (entered.current = name)}
        onChange={(e) => {
          const typed = e.target.value;
          setBlank(typed.trim() ? null : typed);
          if (typed.trim()) onChange(typed);
        }}
        onBlur={() => {
          if (blank === null) return;
          setBlank(null);
          onChange(entered.current);
        }}
      />
    </label>
  );
}
