// Says, on a share link's page, that the model is someone else's and can only be looked at here.
// (A share link's view never says whose it is, so its owner, opening it, reads this too.)

export function SharedBanner() {
  return (
    <p className="shared-banner" role="note" data-testid="shared-banner">
      <strong>Shared with you:</strong> a read-only view of someone's trained model. Open in editor copies its design, to train your
      own.
    </p>
  );
}
