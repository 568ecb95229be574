import { expect, Page, request } from "@playwright/test";

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

export const DEMO_PASSWORD = "demo-credits";

/** Signs in through the form, starting from `path` (which redirects to /login?next=…). */
export async function signIn(page: Page, email: string, path = "/dashboard"): Promise<void> {
  await page.goto(path);
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/** Waits until the wasm has hydrated the page. */
export async function hydrated(page: Page): Promise<void> {
  await expect(page.locator("#app")).toHaveAttribute("data-hydrated", "true");
}
