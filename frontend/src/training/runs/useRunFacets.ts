// What the runs page's filters offer from all of this browser's runs (GET /api/run-facets): the
// runs listed are the newest 200 of those the filters keep, and one dataset's list names no other
// dataset, so the datasets, sweeps and range tests among them alone would leave some out.
import { useEffect, useState } from "react";
import { client, unwrap } from "../../api/client";
import type { RunFacets } from "../../api/types";

const NONE: RunFacets = { datasets: [], groups: [], range_tests: false };

/** Asked once, as the page opens: the page adds what the runs listed since hold. */
export function useRunFacets(): RunFacets {
  const [facets, setFacets] = useState<RunFacets>(NONE);
  useEffect(() => {
    let live = true;
    // Without them the filters still offer what the listed runs hold.
    unwrap(client.GET("/api/run-facets")).then(
      (found) => live && setFacets(found),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return facets;
}
