"""`make bench`: the assistant measured against the plain LangChain recipe and BM25 alone.

Not part of the product and not part of the test run: `python -m bench.run`
drives worker processes (`bench.worker`) and writes Markdown and JSON under
`bench/results/`.
"""
