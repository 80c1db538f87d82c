import axe from 'axe-core';

/**
 * Rules that judge a whole document, not one component: a spec renders a single component inside
 * Karma's page, without the app shell (index.html, App) that provides them. Nothing else is off.
 */
const WHOLE_PAGE_RULES: axe.RuleObject = {
  // The one h1 of a page may live in another component of the same route (App renders none).
  'page-has-heading-one': { enabled: false },
  // The <main> landmark is App's (app.html); a component rendered alone sits outside it.
  'landmark-one-main': { enabled: false },
  // "All content inside landmarks": same reason, App's header/main wrap every face.
  region: { enabled: false },
};

/** One violation per node, in words a person can act on. */
function report(violations: axe.Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map((node) => {
        const why = node.failureSummary?.replace(/\s+/g, ' ').trim() ?? '';
        return `- ${v.id} (${v.impact ?? 'no impact given'}) at ${node.target.join(' ')}: ${v.help}. ${why} [${v.helpUrl}]`;
      }),
    )
    .join('\n');
}

/**
 * Runs axe-core on a rendered fixture's element (it must be attached to the document, as TestBed
 * attaches it) and fails the spec with every violation listed: rule id, impact, target, help.
 */
export async function expectNoAxeViolations(element: Element, what = 'the fixture'): Promise<void> {
  const results = await axe.run(element, {
    rules: WHOLE_PAGE_RULES,
    resultTypes: ['violations'],
  });
  if (results.violations.length > 0)
    throw new Error(
      `axe found ${results.violations.length} accessibility rule(s) violated in ${what}:\n${report(results.violations)}`,
    );
}
