"""Render a shtarget Markdown report to a standalone HTML page (GitHub-like), Mermaid charts included.

    python scripts/render_report_html.py REPORT.md out.html path/to/mermaid.min.js

Used by scripts/screenshot-report.sh; not part of the package.
"""

from __future__ import annotations

import html
import sys
from pathlib import Path

from markdown_it import MarkdownIt

STYLE = """
body { font-family: -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC", sans-serif; max-width: 1100px;
       margin: 2rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; display: block; overflow-x: auto; }
th, td { border: 1px solid #d1d9e0; padding: 4px 10px; }
tr:nth-child(2n) { background: #f6f8fa; }
blockquote { color: #59636e; border-left: 4px solid #d1d9e0; margin: 0; padding: 0 1rem; }
code { background: #eff1f3; padding: 0.1em 0.3em; border-radius: 4px; }
h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: 0.3em; }
pre.mermaid { background: none; }
"""


def main() -> None:
    source, target, mermaid = (Path(arg) for arg in sys.argv[1:4])
    md = MarkdownIt("commonmark").enable("table")
    default_fence = md.renderer.rules["fence"]

    def fence(renderer, tokens, index, options, env):  # type: ignore[no-untyped-def]
        token = tokens[index]
        if token.info.strip() == "mermaid":
            return f'<pre class="mermaid">{html.escape(token.content)}</pre>\n'
        return default_fence(tokens, index, options, env)

    md.add_render_rule("fence", fence)

    def heading_open(renderer, tokens, index, options, env):  # type: ignore[no-untyped-def]
        # GitHub gives headings ids; a report's own links (#sei-gdp-share) point at them.
        text = tokens[index + 1].content
        return f'<{tokens[index].tag} id="{html.escape(text)}">'

    md.add_render_rule("heading_open", heading_open)
    body = md.render(source.read_text(encoding="utf-8"))
    page = f"""<!doctype html><html><head><meta charset="utf-8"><title>{html.escape(source.name)}</title>
<style>{STYLE}</style><script src="{mermaid.resolve().as_uri()}"></script></head>
<body>{body}<script>mermaid.initialize({{startOnLoad: true}});</script></body></html>"""
    target.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
