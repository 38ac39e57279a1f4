// Drives the mds desk in headless Chromium (Debian's, through playwright-core) as its users do.
//
//   node journeys.mjs URL OUT_DIR VENDOR_WORKBOOK PROFILE BID...
//
// The vendor journey drops a workbook with errors, reads each finding at its cell and downloads
// the response JSON. The hospital journey drops the profile and every bid at once, sees them
// ranked, takes a requirement out and sees the ranking change, adjudicates an item to judge,
// and downloads the xlsx report. Downloads and screenshots go to OUT_DIR; a JSON summary is
// printed; any console error fails the run.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const [url, out, vendorBook, profile, ...bids] = process.argv.slice(2);
fs.mkdirSync(out, { recursive: true });
const summary = { vendor: {}, hospital: {}, consoleErrors: [] };

function check(condition, message) {
  if (!condition) throw new Error(message);
}

const browser = await chromium.launch({
  executablePath: process.env.MDS_CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
    '--disable-background-networking', '--disable-quic', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'ja-JP' });
  const watch = (page) => {
    page.on('console', (m) => { if (m.type() === 'error') summary.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => summary.consoleErrors.push(String(e)));
  };

  // ---- the vendor: a workbook with errors ----
  const vendor = await context.newPage();
  watch(vendor);
  await vendor.goto(url);
  await vendor.locator('#files').setInputFiles([vendorBook]);
  const checks = vendor.locator('.file-findings');
  await checks.first().waitFor({ timeout: 30000 });
  await vendor.locator('.finding.error').first().waitFor({ timeout: 30000 });
  const findings = await vendor.locator('.finding').evaluateAll((nodes) => nodes.map((n) => ({
    at: n.querySelector('.at').textContent, code: n.dataset.code, text: n.textContent,
  })));
  summary.vendor.findings = findings;
  check(findings.some((f) => /^'?回答'?!D\d+$/.test(f.at)), 'a finding at a cell of 回答: ' + JSON.stringify(findings));
  summary.vendor.kind = await vendor.locator('#filelist tbody tr td:nth-child(2)').first().textContent();
  await vendor.screenshot({ path: path.join(out, 'desk-vendor.png'), fullPage: false });
  const [saved] = await Promise.all([vendor.waitForEvent('download'), vendor.locator('.save-json').first().click()]);
  const jsonPath = path.join(out, 'vendor-response.json');
  await saved.saveAs(jsonPath);
  summary.vendor.json = jsonPath;
  check(JSON.parse(fs.readFileSync(jsonPath, 'utf8')).format === 'mds-response/1', 'the saved JSON is a response');
  await vendor.close();

  // ---- the hospital: everything at once ----
  const hospital = await context.newPage();
  watch(hospital);
  await hospital.goto(url);
  await hospital.locator('#files').setInputFiles([profile, ...bids]);
  const rows = hospital.locator('#ranking tbody tr');
  await hospital.waitForFunction((n) => document.querySelectorAll('#ranking tbody tr').length === n, bids.length, { timeout: 60000 });
  const ranking = async () => rows.evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent)));
  summary.hospital.before = await ranking();
  await hospital.evaluate(() => document.getElementById('hospital').scrollIntoView());
  await hospital.screenshot({ path: path.join(out, 'desk-hospital.png'), fullPage: false });

  // Take a knock-out item out of the requirements: the ranking changes.
  const before = JSON.stringify(summary.hospital.before);
  const knockedOut = summary.hospital.before.map((r) => r[7]).find((k) => k && k.trim());
  check(knockedOut, 'some vendor is knocked out: ' + before);
  const item = knockedOut.split(',')[0].trim();
  await hospital.locator('#editor summary').click();
  await hospital.locator(`#requirements tr[data-item="${item}"] td:first-child input`).uncheck();
  await hospital.waitForFunction((b) => JSON.stringify([...document.querySelectorAll('#ranking tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))) !== b, before, { timeout: 30000 });
  summary.hospital.after = await ranking();
  summary.hospital.removed = item;
  check(!JSON.stringify(summary.hospital.after).includes(item), `${item} is no knock-out any more`);
  await hospital.locator('#editor summary').click();

  // Adjudicate an item to judge: it becomes met.
  const review = hospital.locator('#matrix td[data-outcome="review"]').first();
  await review.waitFor({ timeout: 30000 });
  const vendorSource = await review.getAttribute('data-vendor');
  const reviewedItem = await review.evaluate((td) => td.parentElement.dataset.item);
  await review.click();
  await hospital.locator('#adjudicationReason').fill('書面で確認した');
  await hospital.locator('#adjudicateMet').click();
  await hospital.waitForFunction(([v, i]) => {
    const td = document.querySelector(`#matrix tr[data-item="${i}"] td[data-vendor="${v}"]`);
    return td && td.dataset.outcome === 'met';
  }, [vendorSource, reviewedItem], { timeout: 30000 });
  summary.hospital.adjudicated = { vendor: vendorSource, item: reviewedItem };
  await hospital.locator(`#matrix tr[data-item="${reviewedItem}"] td[data-vendor="${vendorSource}"]`).click();
  await hospital.locator('#reason').waitFor();
  summary.hospital.reason = await hospital.locator('#reason .explanation').textContent();
  await hospital.screenshot({ path: path.join(out, 'desk-matrix.png'), fullPage: false });

  // The xlsx report.
  const [report] = await Promise.all([hospital.waitForEvent('download'), hospital.locator('#downloads button[data-format="xlsx"]').click()]);
  const xlsxPath = path.join(out, 'report.xlsx');
  await report.saveAs(xlsxPath);
  summary.hospital.xlsx = xlsxPath;

  // English on request.
  await hospital.locator('#lang').click();
  await hospital.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('#ranking th').textContent === 'Rank');
  summary.hospital.english = await hospital.locator('h1').textContent();
  await hospital.close();
} finally {
  await browser.close();
}
check(!summary.consoleErrors.length, 'console errors: ' + JSON.stringify(summary.consoleErrors));
process.stdout.write(JSON.stringify(summary) + '\n');
