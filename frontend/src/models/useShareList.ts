// The owner's share links of a run, for its Share links panel. The model page asks for them beside
// its view and shows once both have come: a list that came after the page grew its panel and, where
// the panels stack (a phone, a short design), pushed the ones under it down as the person read.
import { useCallback, useEffect, useState } from "react";
import { client, runPath, unwrap } from "../api/client";
import type { Share } from "../api/types";
import { useShownAgain } from "../api/useShownAgain";

export type ShareList = {
  shares: Share[] | null; // null until the server first answers, then its list (empty if it failed)
  error: string | null;
  reload: () => Promise<void>;
};

/** `runId`: the owner's run; null on a share link's page, which lists no links. */
export function useShareList(runId: string | null): ShareList {
  const [shares, setShares] = useState<Share[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(async () => {
    if (runId === null) return;
    try {
      setShares(await unwrap(client.GET("/api/runs/{run_id}/shares", runPath(runId))));
      setError(null);
    } catch (e: unknown) {
      setError(e instanceof Error ? e.message : String(e));
      setShares((known) => known ?? []);
    }
  }, [runId]);
  useEffect(() => void reload(), [reload]);
  useShownAgain(useCallback(() => void reload(), [reload])); // links made or revoked in another tab
  return { shares, error, reload };
}
