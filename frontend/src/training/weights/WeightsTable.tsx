// The weights as numbers, a table a layer: the drawing's text alternative, for a screen reader
// or a reader who wants every value at once.
import type { NetworkWeights } from "../../api/types";
import { formatWeight, type Drawing } from "./networkDrawing";

/** `drawing`: the drawing of `network`, whose input and output units' names (a CSV's columns,
 * the classes) the table's columns and last rows take. */
export function WeightsTable({ network, drawing }: { network: NetworkWeights; drawing: Drawing }) {
  const inputNames = drawing.nodes[0]!.map((node) => node.name);
  const outputs = drawing.outputsNamed ? drawing.nodes[drawing.nodes.length - 1]!.map((node) => node.name) : null;
  const last = network.layers.length - 1;
  return (
    <details className="weights-table" data-testid="weights-table">
      <summary>The weights as numbers (a table a layer)</summary>
      <p className="muted weights-table-note">Each row is one of the layer's units: its weight from each unit before it, then its bias.</p>
      {network.layers.map((layer, i) => {
        const before = i === 0 ? inputNames : network.layers[i - 1]!.weight.map((_, j) => `${network.layers[i - 1]!.id} ${j + 1}`);
        return (
          // Focusable, so a keyboard scrolls a layer too wide for a phone's screen.
          <div className="weights-table-scroll" key={layer.id} tabIndex={0} role="region" aria-label={`${layer.id}'s weights`}>
            <table>
              <caption>
                <code>{layer.id}</code>
                {layer.after.length > 0 ? ` (then ${layer.after.join(", ")})` : ""}
              </caption>
              <thead>
                <tr>
                  <th scope="col">unit</th>
                  {before.map((name) => (
                    <th scope="col" key={name}>from {name}</th>
                  ))}
                  {layer.bias && <th scope="col">bias</th>}
                </tr>
              </thead>
              <tbody>
                {layer.weight.map((row, j) => (
                  <tr key={j}>
                    <th scope="row">{i === last && outputs ? outputs[j] : `${layer.id} ${j + 1}`}</th>
                    {row.map((weight, k) => (
                      <td key={k}>{formatWeight(weight)}</td>
                    ))}
                    {layer.bias && <td>{formatWeight(layer.bias[j] ?? 0)}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </details>
  );
}
