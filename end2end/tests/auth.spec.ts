import { expect, test } from "@playwright/test";
import { hydrated, signIn, waitForServer } from "./helpers";

test.beforeAll(async ({ baseURL }) => {
  await waitForServer(baseURL!);
});

const users = [
  { email: "alice@acme.example", home: "/dashboard/org/acme/credits", heading: /Acme Inc/, item: "Credits" },
  { email: "ivan@initech.example", home: "/dashboard/org/initech/credits", heading: /Initech/, item: "Credits" },
  { email: "nora@northwind.example", home: "/dashboard/provider/northwind", heading: /Northwind Consulting/, item: "Overview" },
  { email: "ben@bluepeak.example", home: "/dashboard/provider/bluepeak", heading: /Bluepeak IT/, item: "Overview" },
];

for (const user of users) {
  test(`${user.email} signs in and lands on their own dashboard`, async ({ page }) => {
    await signIn(page, user.email);
    await expect(page).toHaveURL(new RegExp(`${user.home}$`));
    await expect(page.getByRole("heading", { level: 1, name: user.heading })).toBeVisible();
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    await expect(nav.getByRole("link", { name: user.item, exact: true })).toHaveAttribute("aria-current", "page");
    await hydrated(page);

    // Signing out ends the session: the dashboard asks for a sign-in again.
    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.goto(user.home);
    await expect(page).toHaveURL(/\/login\?next=/);
  });
}

test("a wrong password shows a message and keeps the destination", async ({ page }) => {
  await page.goto("/dashboard/org/acme/credits?period=previous_month");
  await page.getByLabel("Email").fill("alice@acme.example");
  await page.getByLabel("Password").fill("wrong password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText(/email or password is not right/);
  await page.getByLabel("Email").fill("alice@acme.example");
  await page.getByLabel("Password").fill("demo-credits");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\/org\/acme\/credits\?period=previous_month$/);
});

test("another tenant's page looks like a page that does not exist", async ({ page }) => {
  await signIn(page, "ivan@initech.example");
  const response = await page.goto("/dashboard/org/acme/credits");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByText("Acme Inc")).toHaveCount(0);
});
