// Try it's answer: the question last asked, and the model's prediction for it or why it refused;
// an answer that comes after a later question was asked is dropped.
import { useRef, useState } from "react";
import type { PicturePrediction, Prediction } from "../api/types";
import { predict, type ModelSource, type Question } from "./modelSource";
import { refusal } from "./tryItWords";

export function useAnswer(source: ModelSource) {
  const [prediction, setPrediction] = useState<Prediction | PicturePrediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [question, setQuestion] = useState<Question | null>(null); // what the answer is for
  const asked = useRef(0); // the latest question: a slower answer to an earlier one is dropped
  const show = (answer: Promise<Prediction>) => {
    const question = ++asked.current;
    setError(null);
    answer.then(
      (p) => question === asked.current && setPrediction(p),
      (e: unknown) => {
        if (question !== asked.current) return;
        setPrediction(null); // an earlier answer beside this error would read as these values'
        setError(refusal(e));
      },
    );
  };
  return {
    prediction, error, question, setPrediction, setError, setQuestion, show,
    /** Asks for these values: drawn, or a sample's. */
    run: (input: number[]) => (setQuestion({ input }), show(predict(source, input))),
    /** An answer still coming is not shown (the webcam's answers take its place). */
    drop: () => void ++asked.current,
  };
}
