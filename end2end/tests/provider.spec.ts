import { expect, Page, test } from "@playwright/test";
import { hydrated, signIn, waitForServer } from "./helpers";

test.beforeAll(async ({ baseURL }) => {
  await waitForServer(baseURL!);
});

function hours(minutes: number): string {
  const tenths = Math.floor((Math.abs(minutes) * 10 + 30) / 60);
  return `${Math.floor(tenths / 10)}.${tenths % 10}h`;
}

function trendLabel(c: { trend: string; change_percent: number | null }): string {
  if (c.trend === "new") return "NEW";
  if (c.trend === "up" && c.change_percent !== null) return `\u2191 +${c.change_percent}%`;
  if (c.trend === "down" && c.change_percent !== null) return `\u2193 \u2212${Math.abs(c.change_percent)}%`;
  return "same";
}

/** Rows of the breakdown as [slug, this month, last month, quarter, trend]. */
async function rows(page: Page): Promise<string[][]> {
  return page.locator("[data-testid=breakdown] tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.getAttribute("data-customer")!, ...Array.from(tr.querySelectorAll("td")).map((td) => td.textContent!.trim())]),
  );
}

async function expectPageMatchesApi(page: Page) {
  const usage = await (await page.request.get("/api/v1/providers/northwind/usage")).json();
  const breakdown = await (await page.request.get("/api/v1/providers/northwind/customers")).json();
  expect(breakdown.customers.length).toBeGreaterThan(0);
  await expect(page.getByTestId("this-month").locator(".stat-value")).toHaveText(hours(usage.this_month.total_minutes));
  await expect(page.getByTestId("last-month").locator(".stat-value")).toHaveText(hours(usage.last_month.total_minutes));
  await expect(page.getByTestId("active-customers").locator(".stat-value")).toHaveText(String(usage.this_month.active_customers));
  await expect(page.getByTestId("time-zone")).toContainText("Europe/Berlin");
  const shown = await rows(page);
  expect(shown.length).toBe(breakdown.customers.length);
  for (const c of breakdown.customers) {
    const row = shown.find((r) => r[0] === c.organization_slug)!;
    expect(row.slice(1)).toEqual([hours(c.this_month_minutes), hours(c.last_month_minutes), hours(c.this_quarter_minutes), trendLabel(c)]);
  }
  return breakdown.customers as any[];
}

test.describe("with JavaScript", () => {
  test("Usage is reached from the sidebar, matches the API, and sorts in place", async ({ page }) => {
    await signIn(page, "nora@northwind.example");
    await expect(page).toHaveURL(/\/dashboard\/provider\/northwind$/);
    await hydrated(page);
    const nav = page.getByRole("navigation", { name: "Dashboard" });
    const items = await nav.locator(".nav-items a").allTextContents();
    expect(items).toEqual(["Overview", "Usage", "Orders"]);
    await page.evaluate(() => ((window as any).__noReload = true));

    await nav.getByRole("link", { name: "Usage", exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard\/provider\/northwind\/usage$/);
    await expect(nav.getByRole("link", { name: "Usage", exact: true })).toHaveAttribute("aria-current", "page");
    await expectPageMatchesApi(page);

    await page.getByRole("link", { name: /^Last Month/ }).click();
    await expect(page).toHaveURL(/sort=last_month&dir=desc/);
    let last = (await rows(page)).map((r) => parseFloat(r[2]));
    expect(last).toEqual([...last].sort((a, b) => b - a));
    await expect(page.locator("th[aria-sort=descending]")).toContainText("Last Month");
    await page.getByRole("link", { name: /^Last Month/ }).click();
    await expect(page).toHaveURL(/sort=last_month&dir=asc/);
    last = (await rows(page)).map((r) => parseFloat(r[2]));
    expect(last).toEqual([...last].sort((a, b) => a - b));
    await page.getByRole("link", { name: /^Customer/ }).click();
    await expect(page).toHaveURL(/sort=customer&dir=asc/);
    expect(await page.evaluate(() => (window as any).__noReload)).toBe(true);

    // A customer's name leads to its usage as this provider sees it, with the period selector.
    await page.getByRole("link", { name: "Acme Inc" }).click();
    await expect(page).toHaveURL(/\/dashboard\/org\/acme\/credits\?provider=northwind/);
    await expect(page.getByRole("link", { name: "Last Month" })).toBeVisible();
    await expect(page.getByTestId("period-label")).toContainText("Northwind Consulting only");
  });

  test("a customer without usage this month is listed, and Orders lists the grants", async ({ page }) => {
    await signIn(page, "ben@bluepeak.example", "/dashboard/provider/bluepeak/usage");
    // Globex went quiet this month: still in the breakdown, at zero.
    const globex = page.locator("[data-testid=breakdown] tr[data-customer=globex]");
    await expect(globex.locator("td").first()).toHaveText("0.0h");
    await page.getByRole("navigation", { name: "Dashboard" }).getByRole("link", { name: "Orders", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Bluepeak IT — Orders/);
    expect(await page.locator("[data-testid=orders] tbody tr").count()).toBeGreaterThan(0);
    await expect(page.locator("[data-testid=orders]")).not.toContainText("Contoso");
  });
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the sorted URL renders sorted, with the same figures and trend labels", async ({ page }) => {
    await signIn(page, "nora@northwind.example", "/dashboard/provider/northwind/usage?sort=this_quarter&dir=asc");
    await expect(page).toHaveURL(/sort=this_quarter&dir=asc/);
    await expectPageMatchesApi(page);
    const quarter = (await rows(page)).map((r) => parseFloat(r[3]));
    expect(quarter).toEqual([...quarter].sort((a, b) => a - b));
    await page.getByRole("link", { name: /^Trend/ }).click();
    await expect(page).toHaveURL(/sort=trend&dir=desc/);
    await expectPageMatchesApi(page);
  });
});
