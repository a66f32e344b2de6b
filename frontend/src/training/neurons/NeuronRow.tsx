// One layer's row of small maps under its name, type and how many of its units are shown.
import { NeuronTile } from "./NeuronTile";
import "./neurons.css";
import type { UnitMap } from "./neuronDrawing";
import { unitsShown } from "./unitsShown";

interface Props {
  id: string;
  type: string;
  /** How many units the layer has; `maps` holds the first ones. */
  units: number;
  maps: UnitMap[];
  /** Each unit's name, where it has one (an input's feature). */
  names?: (string | null)[];
  /** The unit shown large, where it is in this row. */
  chosen: number | null;
  scheme: string;
  onChoose: (unit: number) => void;
}

export function NeuronRow({ id, type, units, maps, names, chosen, scheme, onChoose }: Props) {
  return (
    <li className="neuron-row" data-testid="neuron-row" data-layer={id}>
      <div className="neuron-row-head">
        <code>{id}</code>
        <span className="layer-type">{type}</span>
        <span className="muted">{unitsShown(maps.length, units)}</span>
      </div>
      <div className="neuron-tiles">
        {maps.map((map, unit) => (
          <NeuronTile key={unit} map={map} layer={id} unit={unit} name={names?.[unit] ?? null} chosen={unit === chosen} scheme={scheme} onChoose={() => onChoose(unit)} />
        ))}
      </div>
    </li>
  );
}
