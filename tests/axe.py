"""axe-core (vendored in tests/vendor) in a page of Debian's Chromium: the serious and critical WCAG 2.1
A/AA violations, and a readable report of them. The page's context needs `bypass_csp=True`: the portal
allows no inline scripts, and the script is injected inline."""

from pathlib import Path

from django.conf import settings

AXE = Path(settings.BASE_DIR) / "tests" / "vendor" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def install_axe(context):
    """Load axe into every page of `context` as it opens: cheaper than injecting it into each page."""
    context.add_init_script(path=str(AXE))


def axe_problems(page) -> list[dict]:
    """The serious and critical WCAG 2.1 A/AA violations axe finds on the page."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map("
        "n => ({target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary}))}))",
        WCAG_AA,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def describe(problems: dict) -> str:
    lines = []
    for where, violations in problems.items():
        for v in violations:
            lines.append(f"{where}: [{v['impact']}] {v['id']} — {v['help']}")
            for node in v["nodes"][:5]:
                lines.append(f"    {node['target']}: {node['html']}")
                lines.append("      " + node["summary"].replace("\n", "\n      "))
            if len(v["nodes"]) > 5:
                lines.append(f"    … and {len(v['nodes']) - 5} more")
    return "\n".join(lines)


def summarise(problems: dict) -> str:
    """The same violations grouped across pages: each rule once, with the pages and the first elements."""
    rules = {}
    for where, violations in problems.items():
        for v in violations:
            rule = rules.setdefault(v["id"], {"head": f"[{v['impact']}] {v['id']} — {v['help']}", "pages": [], "nodes": {}})
            rule["pages"].append(where)
            for node in v["nodes"]:
                rule["nodes"].setdefault(node["target"], node)
    lines = []
    for rule in rules.values():
        lines.append(f"{rule['head']}: {len(rule['pages'])} pages, e.g. {', '.join(rule['pages'][:3])}")
        for node in list(rule["nodes"].values())[:5]:
            lines.append(f"    {node['target']}: {node['html']}")
            lines.append("      " + node["summary"].replace("\n", "\n      "))
        if len(rule["nodes"]) > 5:
            lines.append(f"    … and {len(rule['nodes']) - 5} more elements")
    return "\n".join(lines)
