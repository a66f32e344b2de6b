// What to tell a person whose camera did not start, from the error getUserMedia gave.

/** No camera API at all: the page is not a secure context (http on another host than localhost). */
export const NO_CAMERA_API =
  "This browser offers no camera here: a page must be opened over https (or on localhost) to use one. Choose pictures instead.";

/** The sentence for a failed getUserMedia, by the DOMException's name. */
export function cameraProblem(error: unknown): string {
  const name = typeof error === "object" && error !== null && "name" in error ? String(error.name) : "";
  switch (name) {
    case "NotAllowedError":
    case "SecurityError":
      return "The camera was refused: allow it for this site (the camera icon in the address bar), then press Webcam again. Or choose pictures instead.";
    case "NotFoundError":
    case "OverconstrainedError":
      return "No camera was found: connect one, then press Webcam again. Or choose pictures instead.";
    case "NotReadableError":
    case "AbortError":
      return "The camera could not be started; another program may be using it: close that, then press Webcam again.";
    default: {
      const message = error instanceof Error ? error.message : String(error);
      return `The camera could not be started (${message}): choose pictures instead.`;
    }
  }
}
