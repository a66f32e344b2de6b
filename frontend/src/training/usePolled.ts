// A value asked of the server now and then every `every` ms while the component is shown; a failed
// ask keeps the last value, and the next one tries again.
import { useEffect, useRef, useState } from "react";

export function usePolled<T>(ask: () => Promise<T>, every: number, initial: T): T {
  const [value, setValue] = useState<T>(initial);
  const latest = useRef(ask); // the caller's function, made anew each render: the timer keeps its rhythm
  useEffect(() => {
    latest.current = ask;
  });

  useEffect(() => {
    let stopped = false;
    const read = () =>
      latest.current().then(
        (answer) => !stopped && setValue(answer),
        () => undefined,
      );
    void read();
    const timer = window.setInterval(() => void read(), every);
    return () => {
      stopped = true;
      window.clearInterval(timer);
    };
  }, [every]);
  return value;
}
