import { expect, test } from "@playwright/test";
import { hydrated, signIn, waitForServer } from "./helpers";

test.beforeAll(async ({ baseURL }) => {
  await waitForServer(baseURL!);
});

test("the credits page is server-rendered with demo data and hydrates", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await signIn(page, "alice@acme.example", "/dashboard/org/acme/credits");
  await expect(page).toHaveURL(/\/dashboard\/org\/acme\/credits$/);

  // Server-rendered figures are there at once.
  await expect(page.getByRole("heading", { name: /Acme Inc/ })).toBeVisible();
  await expect(page.getByTestId("consumed")).toContainText(/\d+\.\dh/);
  await expect(page.getByTestId("entries")).toContainText(/\d+/);
  const categories = page.locator("#category-list li");
  expect(await categories.count()).toBeGreaterThan(0);

  // The toggle only works once the wasm has hydrated the page (under the strict CSP).
  await hydrated(page);
  const toggle = page.getByTestId("toggle-breakdown");
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(page.locator("#category-list")).toBeHidden();
  await expect(toggle).toHaveText("Show");
  await toggle.click();
  await expect(page.locator("#category-list")).toBeVisible();
  expect(errors).toEqual([]);
});
