// The network's neurons as a 2-D run trains, as TensorFlow Playground shows them change: one row of
// small maps a layer, for the epoch the decision boundary shows (its slider and Play move both),
// and the one hovered, focused or tapped large with the validation points, as the model page has.
import { useMemo, useState } from "react";
import type { LiveNeurons as Neurons } from "../../api/types";
import { useColorScheme } from "../chartTheme";
import { NeuronLarge, type NeuronPlane } from "./NeuronLarge";
import { NeuronRow } from "./NeuronRow";
import { unitMaps } from "./liveNeurons";
import "./liveNeurons.css";

interface Props {
  /** The shown map's neurons: null where its values were not finite. */
  neurons: Neurons | null;
  epoch: number;
  ended: boolean;
  /** The boundary map's extent, which the neurons' grid covers, and its validation points. */
  plane: NeuronPlane;
}

/** The unit shown large, by its layer's id: the same unit stays chosen as the epoch changes. */
type Choice = { layer: string; unit: number };

export function LiveNeurons({ neurons, epoch, ended, plane }: Props) {
  const scheme = useColorScheme();
  const [chosen, setChosen] = useState<Choice | null>(null); // null: the first layer's first unit
  const rows = useMemo(() => neurons?.layers.map((layer) => ({ layer, maps: unitMaps(layer, neurons.size) })) ?? [], [neurons]);
  const row = rows.find(({ layer }) => layer.id === chosen?.layer) ?? rows[0];
  const unit = row && chosen?.layer === row.layer.id && row.maps[chosen.unit] ? chosen.unit : 0;
  const map = row?.maps[unit];
  const tiles = rows.reduce((sum, { maps }) => sum + maps.length, 0);
  return (
    <figure className="chart live-neurons" data-testid="live-neurons" data-epoch={epoch} data-tiles={tiles}>
      <figcaption>{ended ? "How the neurons changed" : "Neurons as they train"}</figcaption>
      <p className="muted live-neurons-note">
        Epoch {epoch}: each unit's output over the plane, blue where positive, orange where negative, each on its own scale. Hover or
        tap one to see it larger with the validation points.
      </p>
      {neurons && row && map ? (
        <div className="live-neurons-body">
          <NeuronLarge map={map} layer={row.layer.id} type={row.layer.type} unit={unit} name={null} plane={plane} scheme={scheme} epoch={epoch} />
          <ol className="neuron-rows">
            {rows.map(({ layer, maps }) => (
              <NeuronRow
                key={layer.id}
                id={layer.id}
                type={layer.type}
                units={layer.units}
                maps={maps}
                chosen={layer.id === row.layer.id ? unit : null}
                scheme={scheme}
                onChoose={(chosenUnit) => setChosen({ layer: layer.id, unit: chosenUnit })}
              />
            ))}
          </ol>
        </div>
      ) : (
        <p className="muted">Not drawn at this epoch: a unit's values were not finite.</p>
      )}
      {neurons && neurons.omitted.length > 0 && (
        <p className="muted live-neurons-note" data-testid="live-neurons-omitted">
          Not drawn, to keep to {neurons.layers.length} layers (the first {neurons.layers.length - 1} and the output):{" "}
          {neurons.omitted.join(", ")}.
        </p>
      )}
    </figure>
  );
}
