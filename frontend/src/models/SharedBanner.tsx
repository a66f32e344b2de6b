// Says, on a share link's page, that the model is someone else's and can only be looked at here;
// its owner, opening their own link, is told that this is what others see, and the way back.
import { modelPagePath } from "../api/pages";

export function SharedBanner({ ownRunId }: { ownRunId: string | null }) {
  if (ownRunId !== null)
    return (
      <p className="shared-banner" role="note" data-testid="shared-banner">
        <strong>Your model, as its share link shows it:</strong> anyone with this link sees this read-only page, never your runs or
        notes. <a href={modelPagePath(ownRunId)} data-testid="shared-own-page">Open your own model page</a> to rename it, share it or
        revoke links.
      </p>
    );
  return (
    <p className="shared-banner" role="note" data-testid="shared-banner">
      <strong>Shared with you:</strong> a read-only view of someone's trained model. Open in editor copies its design, to train your
      own.
    </p>
  );
}
