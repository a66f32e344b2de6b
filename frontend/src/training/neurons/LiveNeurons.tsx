// The network's neurons as a 2-D run trains, as TensorFlow Playground shows them change: one row of
// small maps a layer, for the epoch the decision boundary shows (its slider and Play move both).
import { useLayoutEffect, useMemo, useRef } from "react";
import type { LiveLayerNeurons, LiveNeurons as Neurons } from "../../api/types";
import { useColorScheme } from "../chartTheme";
import { neuronPixels, neuronTheme, type UnitMap } from "./neuronDrawing";
import { unitMaps, unitsShown } from "./liveNeurons";
import "./liveNeurons.css";

interface Props {
  /** The shown map's neurons: null where its values were not finite. */
  neurons: Neurons | null;
  epoch: number;
  ended: boolean;
}

export function LiveNeurons({ neurons, epoch, ended }: Props) {
  const scheme = useColorScheme();
  const tiles = neurons?.layers.reduce((sum, layer) => sum + layer.min.length, 0) ?? 0;
  return (
    <figure className="chart live-neurons" data-testid="live-neurons" data-epoch={epoch} data-tiles={tiles}>
      <figcaption>{ended ? "How the neurons changed" : "Neurons as they train"}</figcaption>
      <p className="muted live-neurons-note">
        Epoch {epoch}: each unit's output over the plane, blue where positive, orange where negative, each on its own scale.
      </p>
      {neurons ? (
        <ol className="live-neuron-rows">
          {neurons.layers.map((layer) => (
            <LiveNeuronRow key={layer.id} layer={layer} size={neurons.size} scheme={scheme} />
          ))}
        </ol>
      ) : (
        <p className="muted">Not drawn at this epoch: a unit's values were not finite.</p>
      )}
      {neurons && neurons.omitted.length > 0 && <p className="muted live-neurons-note">Not drawn: {neurons.omitted.join(", ")}.</p>}
    </figure>
  );
}

function LiveNeuronRow({ layer, size, scheme }: { layer: LiveLayerNeurons; size: number; scheme: string }) {
  const maps = useMemo(() => unitMaps(layer, size), [layer, size]);
  return (
    <li className="live-neuron-row" data-layer={layer.id}>
      <div className="live-neuron-head">
        <code>{layer.id}</code> <span className="layer-type">{layer.type}</span> <span className="muted">{unitsShown(layer)}</span>
      </div>
      <div className="live-neuron-tiles">
        {maps.map((map, unit) => (
          <LiveNeuronTile key={unit} map={map} label={`${layer.id}, unit ${unit}`} scheme={scheme} />
        ))}
      </div>
    </li>
  );
}

function LiveNeuronTile({ map, label, scheme }: { map: UnitMap; label: string; scheme: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // Drawn in the commit that shows the epoch, so the tiles and the epoch they name never differ.
  useLayoutEffect(() => {
    canvas.current?.getContext("2d")?.putImageData(neuronPixels(map, neuronTheme()), 0, 0);
  }, [map, scheme]);
  const range = `min ${Number(map.min.toPrecision(3))}, max ${Number(map.max.toPrecision(3))}`;
  return <canvas ref={canvas} width={map.size} height={map.size} role="img" aria-label={label} title={`${label}: ${range}`} data-testid="live-neuron-tile" />;
}
