// The challenge the editor is attempting (kept in this browser), and leaving it.
import { useState } from "react";
import { challengeById, type Challenge } from "./challenges";
import { activeChallenge, setActiveChallenge } from "./challengeStore";

export function useActiveChallenge(): { challenge: Challenge | null; leave: () => void } {
  const [challenge, setChallenge] = useState(() => challengeById(activeChallenge()));
  const leave = () => {
    setActiveChallenge(null);
    setChallenge(null);
  };
  return { challenge, leave };
}
