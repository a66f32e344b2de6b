// A set's answers as a table: each item's thumbnail (made in the browser), its answer with the
// next likeliest classes, the label it came with and whether the answer matched; sortable by
// confidence, with a filter for the wrong ones and the whole table as CSV.
import { Fragment, useMemo, useState } from "react";
import type { ManyAnswer, ManyItem } from "../../api/types";
import type { Thumbnails } from "./thumbnails";
import { CodeText } from "../../editor/CodeText";

type Order = "sent" | "surest" | "least-sure";
const NEXT: Record<Order, Order> = { sent: "least-sure", "least-sure": "surest", surest: "sent" };
const ARIA: Record<Order, "none" | "ascending" | "descending"> = { sent: "none", "least-sure": "ascending", surest: "descending" };

const percent = (p: number) => `${(p * 100).toFixed(1)}%`;
const confidence = (item: ManyItem) => item.top?.[0]?.probability ?? -1;

/** "cat 71.3%": a class and its chance, apart only where the class alone overflows the cell. */
const chance = (name: string, probability: number) => `${name}\u00a0${percent(probability)}`;

function Answer({ item }: { item: ManyItem }) {
  if (item.problem)
    return (
      <span className="many-problem">
        <CodeText text={item.problem} />
      </span>
    );
  if (!item.top) return <strong>{(item.values ?? []).map((v) => Number(v.toPrecision(5))).join(", ")}</strong>;
  const [best, ...rest] = item.top;
  return (
    <>
      <span className="many-chance">
        <strong className="many-best">{best!.name}</strong>
        {`\u00a0${percent(best!.probability)}`}
      </span>
      {rest.length > 0 && (
        <span className="muted many-rest">
          {" then"}
          {rest.map((c, i) => (
            // Whole entries wrap, never a class from its chance.
            <Fragment key={c.name}>
              {" "}
              <span className="many-chance">{chance(c.name, c.probability) + (i < rest.length - 1 ? "," : "")}</span>
            </Fragment>
          ))}
        </span>
      )}
    </>
  );
}

/** A ZIP member's path, breaking after its slashes ("test/circle/circle_0.png"), not every few letters. */
function PathText({ path }: { path: string }) {
  const parts = path.split(/(?<=\/)/);
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}

function Verdict({ item, unknown }: { item: ManyItem; unknown: string[] }) {
  if (item.correct === null)
    return item.label !== null && item.problem === null && unknown.includes(item.label) ? <span className="muted">not a class of the model</span> : null;
  return item.correct ? (
    <span className="many-right">
      ✓<span className="many-verdict-word"> right</span>
    </span>
  ) : (
    <span className="many-wrong">
      ✗<span className="many-verdict-word"> wrong</span>
    </span>
  );
}

export function ManyTable({ answer, thumbs }: { answer: ManyAnswer; thumbs: Thumbnails }) {
  const [order, setOrder] = useState<Order>("sent");
  const [wrongOnly, setWrongOnly] = useState(false);
  const labelled = answer.items.some((i) => i.correct !== null);
  const shown = useMemo(() => {
    const items = wrongOnly ? answer.items.filter((i) => i.correct === false) : [...answer.items];
    if (order !== "sent") items.sort((a, b) => (order === "surest" ? confidence(b) - confidence(a) : confidence(a) - confidence(b)));
    return items;
  }, [answer, order, wrongOnly]);
  const regression = answer.classes === null;
  return (
    <>
      {labelled && (
        <label className="many-filter">
          <input type="checkbox" checked={wrongOnly} onChange={(e) => setWrongOnly(e.target.checked)} data-testid="many-wrong-only" /> Wrong only
        </label>
      )}
      <div className="many-scroll">
        <table className="many-table" data-testid="many-table">
          <thead>
            <tr>
              {thumbs.size > 0 && <th scope="col">Picture</th>}
              <th scope="col">Item</th>
              <th scope="col" aria-sort={ARIA[order]}>
                {regression ? (
                  "Answer"
                ) : (
                  <button type="button" className="link-button" onClick={() => setOrder(NEXT[order])} data-testid="many-sort" title="Sort by the answer's confidence">
                    Answer (confidence) {order === "surest" ? "↓" : order === "least-sure" ? "↑" : "↕"}
                  </button>
                )}
              </th>
              <th scope="col">{regression ? "True value" : "Label"}</th>
              {!regression && <th scope="col">Right?</th>}
            </tr>
          </thead>
          <tbody>
            {shown.map((item) => (
              <tr key={item.name} data-testid="many-row" data-correct={String(item.correct)}>
                {thumbs.size > 0 && <td>{thumbs.has(item.name) && <img className="many-thumb" src={thumbs.get(item.name)} alt="" onError={(e) => (e.currentTarget.style.visibility = "hidden")} />}</td>}
                <td className="many-name">
                  <PathText path={item.name} />
                </td>
                <td>
                  <Answer item={item} />
                </td>
                <td>{regression ? (item.value ?? "") : (item.label ?? "")}</td>
                {!regression && (
                  <td>
                    <Verdict item={item} unknown={answer.unknown_labels ?? []} />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {shown.length === 0 && <p className="muted">No wrong answers.</p>}
    </>
  );
}
