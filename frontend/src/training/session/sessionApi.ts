// Logging in, where the server sets TORCHCANVAS_TOKEN: whether it is needed, and giving the token.
import { ApiError } from "../../api/client";
import type { components } from "../../api/schema";

export type Session = components["schemas"]["Session"];

async function failure(response: Response): Promise<ApiError> {
  const body = (await response.json().catch(() => null)) as { detail?: string } | null;
  return new ApiError(body?.detail ?? `${response.status} ${response.statusText}`, response.status);
}

export const sessionApi = {
  session: async (): Promise<Session> => {
    const response = await fetch("/api/session", { credentials: "same-origin" });
    if (!response.ok) throw await failure(response);
    return (await response.json()) as Session;
  },
  /** The server keeps the login in an HttpOnly cookie; a wrong token is a 401 that says so. */
  login: async (token: string): Promise<void> => {
    const response = await fetch("/api/login", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }),
    });
    if (!response.ok) throw await failure(response);
  },
};
