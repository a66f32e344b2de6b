// A message from the server, with its `backticked` names shown as code.

export function CodeText({ text }: { text: string }) {
  return (
    <>
      {text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}
    </>
  );
}

/** The message without its backticks, where it cannot hold code (a title, a tooltip). */
export const plainText = (text: string): string => text.split("`").join("");
