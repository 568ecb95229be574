import { expect, test } from "@playwright/test";
import { waitForServer } from "./server";

test.beforeAll(async ({ baseURL }) => {
  await waitForServer(baseURL!);
});

test("the credits page is server-rendered with demo data and hydrates", async ({ page }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/dashboard/org/acme/credits");

  // Server-rendered figures are there at once.
  await expect(page.getByRole("heading", { name: /Acme Inc/ })).toBeVisible();
  await expect(page.getByTestId("consumed")).toContainText(/\d+\.\dh/);
  await expect(page.getByTestId("entries")).toContainText(/\d+/);
  const categories = page.locator("#category-list li");
  expect(await categories.count()).toBeGreaterThan(0);

  // The toggle only works once the wasm has hydrated the page.
  await expect(page.locator("#app")).toHaveAttribute("data-hydrated", "true");
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
