"""Source text as HTML with the cited clause marked and its figures in bold.

Offsets are document coordinates, the ones every Citation carries, so the
same function marks a short passage (text starting at `base`) and a whole
document (base 0). Every character of the source is escaped: a document
containing markup shows it as text.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Sequence

from assistant.text.figures import find_figures

Span = tuple[int, int]


def figure_spans(text: str, base: int, within: Span) -> list[Span]:
    """Document offsets of the figures inside `within`, found in `text` (which starts at `base`)."""
    start, end = max(within[0], base), min(within[1], base + len(text))
    if start >= end:
        return []
    local = text[start - base : end - base]
    return [(start + f.start, start + f.end) for f in find_figures(local)]


def marked_html(text: str, base: int, mark: Span | None, bold: Sequence[Span] = (),
                mark_id: str | None = None) -> str:
    """`text` escaped, with `mark` in <mark> and each `bold` span in <strong>.

    Spans outside the text are clipped; a <strong> that crosses the mark's edge is
    split so the tags always nest.
    """
    end_of_text = base + len(text)

    def clip(span: Span) -> Span | None:
        start, end = max(span[0], base), min(span[1], end_of_text)
        return (start, end) if start < end else None

    marked = clip(mark) if mark else None
    strong = [s for s in (clip(b) for b in bold) if s]
    cuts = sorted({base, end_of_text, *(p for s in ([marked] if marked else []) + strong for p in s)})
    out: list[str] = []
    in_mark = in_strong = False
    first_mark = True
    for start, end in itertools.pairwise(cuts):
        want_mark = bool(marked and marked[0] <= start < marked[1])
        want_strong = any(s <= start < e for s, e in strong)
        if in_strong and (not want_strong or want_mark != in_mark):
            out.append("</strong>")
            in_strong = False
        if want_mark != in_mark:
            if want_mark:
                anchor = f' id="{html.escape(mark_id)}"' if mark_id and first_mark else ""
                out.append(f'<mark class="trich-dan"{anchor}>')
                first_mark = False
            else:
                out.append("</mark>")
            in_mark = want_mark
        if want_strong and not in_strong:
            out.append("<strong>")
            in_strong = True
        out.append(html.escape(text[start - base : end - base], quote=False))
    if in_strong:
        out.append("</strong>")
    if in_mark:
        out.append("</mark>")
    return "".join(out)
