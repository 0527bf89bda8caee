"""Answers as the chat page shows them: Markdown with every source spelled out.

User text is escaped before it reaches the page, so a question containing
HTML or a script shows as the characters typed and never runs.
"""

from __future__ import annotations

import html

from assistant.answering.answer import Answer, Citation


def escape(text: str) -> str:
    """Text shown literally inside Markdown (no tags, no formatting)."""
    escaped = html.escape(text, quote=False)
    for char in "\\`*_[]#|~>":
        escaped = escaped.replace(char, "\\" + char)
    return escaped


def highlighted_quote(citation: Citation) -> str:
    """The quote with the clause the answer uses in bold."""
    start = max(0, citation.highlight_start - citation.start)
    end = min(len(citation.quote), citation.highlight_end - citation.start)
    quote = citation.quote
    if not 0 <= start < end:
        return escape(quote)
    return f"{escape(quote[:start])}**{escape(quote[start:end])}**{escape(quote[end:])}"


def source_block(citation: Citation) -> str:
    details = " · ".join(escape(x) for x in (citation.publisher, citation.date, citation.location) if x)
    link = f" — [Xem bản gốc]({citation.url})" if citation.url else ""
    return (
        f"**[{citation.n}] {escape(citation.title)}**{link}  \n"
        + (f"<small>{details}</small>  \n" if details else "")
        + f"> {highlighted_quote(citation)}"
    )


def answer_markdown(answer: Answer) -> str:
    parts = [escape(answer.answer)]
    if answer.note:
        parts.append(f"*{escape(answer.note)}*")
    if answer.citations:
        parts.append("**Nguồn:**")
        parts.extend(source_block(c) for c in answer.citations)
    return "\n\n".join(parts)
