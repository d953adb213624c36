"""The texts an extractive answer may weigh by meaning, so the index can embed them once, when it publishes.

compose() embeds each candidate sentence of the passages it reads (bullets stripped); embedding them at answer
time made a new question's first answer slow. The index calls answer_texts() on publish and keeps the vectors
in its snapshot; anything this misses is still embedded at answer time, so a mismatch costs speed, never answers.
"""

from __future__ import annotations

from bot.answer.compose import _clean
from bot.answer.sections import merge, section_key
from knowledge.text import sentences
from knowledge.types import Chunk

PREFETCH_KINDS = ("bok", "doc", "pack")  # records change with every import; their sentences are embedded when asked


def answer_texts(chunks: list[Chunk]) -> list[str]:
    """Every sentence compose() may embed for these chunks: section lines for prose, passage lines for the pack."""
    out: dict[str, None] = {}
    sections: dict[tuple[str, str], list[Chunk]] = {}
    for c in chunks:
        if c.kind in ("bok", "doc"):
            sections.setdefault(section_key(c), []).append(c)
    lines = [line for parts in sections.values() for line in merge(sorted(parts, key=lambda c: c.start)).split("\n")]
    lines += [line for c in chunks if c.kind == "pack" for line in c.text.split("\n")]
    for line in lines:
        if line.strip():
            for sent in sentences(line.strip()):
                text = _clean(sent)
                if text:
                    out.setdefault(text)
    return list(out)


def write_pack_vectors() -> str:
    """Embed the knowledge pack's passages and answer sentences with the local model and ship them."""
    from knowledge.embeddings import local_embedder
    from knowledge.pack import pack_chunks
    from knowledge.shipped import write_shipped

    chunks = pack_chunks()
    texts = list(dict.fromkeys([c.context_text() for c in chunks] + answer_texts(chunks)))
    embedder = local_embedder()
    return str(write_shipped(embedder.name, texts, embedder.embed_batch(texts)))


if __name__ == "__main__":  # python -m bot.answer.prefetch  (after editing knowledge/pack/*.yaml)
    print(write_pack_vectors())
