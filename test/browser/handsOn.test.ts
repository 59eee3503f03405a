import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MONITORS, parseScenario, simulate } from '../../src/sim';
import { openApp, runSettled, scenarioHash as hash, screenshot, startHandsOn } from './app';
import { useBuiltApp } from './helpers';

const HA = [
  'name: Hands-on, an HA pair with preemption on',
  'system: ha-pair',
  'version: { from: 9.0.1, to: 9.1.0 }',
  'services: [vpn, web-portal]',
  'policy: { preemption: enabled }',
  '',
].join('\n');

const app = useBuiltApp();

describe('hands-on drill', () => {
  it('takes steps, explains a violation, finishes and debriefs; the export replays the run', async () => {
    const { page, errors } = await openApp(app.browser, app.url, hash(HA));
    await page.setViewportSize({ width: 1280, height: 720 });
    const { panel, steps, take } = await startHandsOn(page);

    // A right step, then a wrong one: preemption is still on while the standby is upgraded.
    await take('check-sync');
    await take('backup all');
    await take('upgrade standby');
    expect(await steps.nth(0).getAttribute('data-broken')).toBe('0');
    expect(await steps.nth(2).getAttribute('data-broken')).not.toBe('0');
    const violation = panel.locator('[data-testid="hands-on-violation"]').first();
    const text = await violation.innerText();
    expect(text).toContain('preemption off during upgrade');
    expect(text).toContain(
      MONITORS.find((monitor) => monitor.id === 'preemption-off-during-upgrade')?.title,
    );
    // The document's step 4 disables preemption.
    expect(await violation.locator('[data-testid="hands-on-documented"]').innerText()).toContain(
      'document: step 4',
    );
    expect(await page.getByRole('region', { name: 'Invariants' }).innerText()).toContain(
      'violated',
    );
    await screenshot(page, 'hands-on-violation-1280x720', false);

    // Undo the wrong step, do it right, then finish.
    await panel.locator('[data-testid="hands-on-undo"]').click();
    await runSettled(page);
    await expect.poll(() => steps.count()).toBe(2);
    await take('preemption off');
    await take('upgrade standby');
    await expect.poll(() => steps.count()).toBe(4);
    expect(await steps.nth(3).getAttribute('data-broken')).toBe('0');
    await panel.locator('[data-testid="hands-on-finish"]').click();
    const debrief = page.locator('[data-testid="debrief"]');
    await debrief.locator('[data-testid="compare"]').waitFor();
    expect(await debrief.innerText()).toContain('by: scenario');
    await screenshot(page, 'hands-on-debrief-1280x720', false);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'hands-on-debrief-1920x1080', false);

    // The exported file replays the trainee's run.
    const download = page.waitForEvent('download');
    await page.locator('[data-testid="drill-export"]').click();
    const file = readFileSync(await (await download).path(), 'utf8');
    expect(file).toContain('plan:');
    const replayed = simulate(parseScenario(file, 'hands-on.yaml')).report;
    // The same as the procedure written by hand.
    const written = simulate(
      parseScenario(
        `${HA}plan:\n  - check-sync\n  - backup: all\n  - preemption: off\n  - upgrade: standby\n`,
        'written.yaml',
      ),
    ).report;
    expect(replayed).toEqual(written);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('reopens a shared hands-on link in hands-on mode, with what the trainer hides', async () => {
    const text = `${HA}plan:\n  - backup: all\n  - upgrade: device-a\n`;
    const { page, errors } = await openApp(
      app.browser,
      app.url,
      hash(text, '&drill=hands-on&hide=faults,invariants'),
    );
    await page.setViewportSize({ width: 1920, height: 1080 });
    const panel = page.locator('[data-testid="hands-on"]');
    await panel.waitFor();
    await runSettled(page);
    await expect.poll(() => panel.locator('[data-testid="hands-on-step"]').count()).toBe(2);
    expect(await page.locator('[data-testid="hands-on-switch"]').isChecked()).toBe(true);
    expect(await page.locator('[data-testid="drill-hide-invariants"]').isChecked()).toBe(true);
    expect(await page.getByRole('region', { name: 'Invariants' }).innerText()).toContain(
      'Hidden until',
    );
    expect(await panel.locator('[data-testid="hands-on-violation"]').count()).toBe(0);
    await screenshot(page, 'hands-on-shared-1920x1080', false);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
