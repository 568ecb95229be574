import { request } from "@playwright/test";

/** `cargo leptos end-to-end` starts the server without waiting for it: wait until it answers. */
export async function waitForServer(baseURL: string, timeoutMs = 120_000): Promise<void> {
  const ctx = await request.newContext({ baseURL });
  const deadline = Date.now() + timeoutMs;
  let last = "";
  try {
    while (Date.now() < deadline) {
      try {
        const res = await ctx.get("/healthz", { timeout: 2_000 });
        if (res.ok()) return;
        last = `status ${res.status()}`;
      } catch (e) {
        last = String(e);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await ctx.dispose();
  }
  throw new Error(`server at ${baseURL} did not answer within ${timeoutMs} ms: ${last}`);
}
