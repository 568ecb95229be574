import { APIRequestContext, expect, Page, test } from "@playwright/test";
import { hydrated, signIn, waitForServer } from "./helpers";

test.beforeAll(async ({ baseURL }) => {
  await waitForServer(baseURL!);
});

/** Hours as the page shows them: one decimal, half up. */
function hours(minutes: number): string {
  const tenths = Math.floor((Math.abs(minutes) * 10 + 30) / 60);
  const sign = minutes < 0 && tenths > 0 ? "\u2212" : "";
  return `${sign}${Math.floor(tenths / 10)}.${tenths % 10}h`;
}

/** The API's figures for the same query, with the page's session. */
async function apiUsage(request: APIRequestContext, query: string) {
  const res = await request.get(`/api/v1/orgs/acme/usage?${query}`);
  expect(res.ok()).toBeTruthy();
  return res.json();
}

async function expectFigures(page: Page, query: string) {
  const api = await apiUsage(page.request, query);
  await expect(page.getByTestId("consumed").locator(".stat-value")).toHaveText(hours(api.total_minutes));
  await expect(page.getByTestId("entries").locator(".stat-value")).toHaveText(String(api.entry_count));
  await expect(page.getByTestId("remaining").locator(".stat-value")).toHaveText(hours(api.remaining_minutes));
  await expect(page.getByTestId("period-label")).toContainText(`${api.period.from} – ${api.period.to}`);
  return api;
}

test.describe("with JavaScript", () => {
  test("periods switch in place, the URL follows, and back/forward work", async ({ page }) => {
    await signIn(page, "alice@acme.example", "/dashboard/org/acme/credits");
    await expect(page).toHaveURL(/\/dashboard\/org\/acme\/credits$/);
    await hydrated(page);
    await expectFigures(page, "period=current_month");
    // A marker that a full page load would wipe out.
    await page.evaluate(() => ((window as any).__noReload = true));

    await page.getByRole("link", { name: "Last Month" }).click();
    await expect(page).toHaveURL(/\?period=previous_month$/);
    await expectFigures(page, "period=previous_month");
    await expect(page.getByRole("link", { name: "Last Month" })).toHaveAttribute("aria-current", "true");

    await page.getByLabel("From").fill("2026-09-01");
    await page.getByLabel("To").fill("2026-10-15");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/period=custom&from=2026-09-01&to=2026-10-15/);
    await expectFigures(page, "period=custom&from=2026-09-01&to=2026-10-15");

    await page.goBack();
    await expect(page).toHaveURL(/\?period=previous_month$/);
    await expectFigures(page, "period=previous_month");
    await page.goForward();
    await expect(page).toHaveURL(/from=2026-09-01/);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);
  });

  test("the provider filter narrows every figure, and the drill-down total matches", async ({ page }) => {
    await signIn(page, "alice@acme.example", "/dashboard/org/acme/credits?period=previous_month");
    await hydrated(page);
    await page.getByRole("group", { name: "Provider" }).getByRole("link", { name: "Northwind Consulting" }).click();
    await expect(page).toHaveURL(/period=previous_month&provider=northwind/);
    const api = await expectFigures(page, "period=previous_month&provider=northwind");

    await page.getByTestId("details-link").click();
    await expect(page).toHaveURL(/\/work-logs\?period=previous_month&provider=northwind/);
    await expect(page.getByTestId("total-hours")).toHaveText(hours(api.total_minutes));
    // Sum every row over every page: the entries add up to the total.
    let minutes = 0;
    let rows = 0;
    for (;;) {
      const cells = page.locator("[data-testid=work-logs] tbody tr");
      for (const value of await cells.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-minutes"))))) {
        minutes += value;
        rows += 1;
      }
      const older = page.getByTestId("older");
      if ((await older.count()) === 0) break;
      await older.click();
      await expect(page).toHaveURL(/cursor=/);
    }
    expect(minutes).toBe(api.total_minutes);
    expect(rows).toBe(api.entry_count);
  });

  test("an impossible range is explained inline", async ({ page }) => {
    await signIn(page, "alice@acme.example", "/dashboard/org/acme/credits");
    await hydrated(page);
    await page.getByLabel("From").fill("2026-10-15");
    await page.getByLabel("To").fill("2026-09-01");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page.getByTestId("period-error")).toHaveText(/after the end date/);
    await expect(page.getByRole("link", { name: "This Month" })).toBeVisible();
    await page.getByRole("link", { name: "This Month" }).click();
    await expectFigures(page, "period=current_month");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the same URLs render the same figures, and the forms still work", async ({ page }) => {
    await signIn(page, "alice@acme.example", "/dashboard/org/acme/credits?period=previous_month");
    await expect(page).toHaveURL(/\?period=previous_month$/);
    await expect(page.locator("#app")).toHaveAttribute("data-hydrated", "false");
    await expectFigures(page, "period=previous_month");
    for (const query of ["period=current_month", "period=custom&from=2026-07-01&to=2026-09-30", "period=previous_month&provider=bluepeak"]) {
      await page.goto(`/dashboard/org/acme/credits?${query}`);
      await expectFigures(page, query);
    }
    // The custom range is a plain GET form.
    await page.getByLabel("From").fill("2026-08-01");
    await page.getByLabel("To").fill("2026-08-31");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect(page).toHaveURL(/period=custom&from=2026-08-01&to=2026-08-31/);
    const api = await expectFigures(page, "period=custom&from=2026-08-01&to=2026-08-31&provider=bluepeak");
    await page.getByTestId("details-link").click();
    await expect(page.getByTestId("total-hours")).toHaveText(hours(api.total_minutes));
  });
});
