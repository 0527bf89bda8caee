"""What a stored passage's metadata says about its whole document.

Ingestion writes these fields on every chunk of a document (from its sidecar or
the file itself); retrieval and answering read them. They live here, below
both, so no layer imports upward to learn their names.
"""

from __future__ import annotations

# The metadata fields that say what a whole document is about: true of each of its passages.
SCOPE_FIELDS = ("period", "locality", "organisation")
# Of those, the ones that tell reports of one series apart ("quý I 2025", "huyện Bảo Thắng").
# The issuer's name is left out: "Sở Lao động, Thương binh và Xã hội" is made of topic words.
EDITION_FIELDS = ("period", "locality")
