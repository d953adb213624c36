"""BoK files (txt, md, pdf) -> sections -> heading-aware chunks with citation metadata."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from bot.errors import InputError, NotFoundError
from knowledge.types import Chunk

log = logging.getLogger(__name__)

SUFFIXES = {".txt", ".md", ".markdown", ".pdf"}
CHUNK_CHARS = 900  # ~200 tokens: within MiniLM's 256-token window with the heading path prepended
CHUNK_OVERLAP = 80
INTRO = "Introduction"

_TITLE = re.compile(
    r"^(?P<body>.*?Body of Knowledge)\s*[—–-]\s*Module\s+(?P<module>\d+(?:\.\d+)*)\s*:\s*(?P<name>.+)$", re.I
)
_ARTICLE = re.compile(r"^Article\s+(?P<n>\d+)\s+of\s+(?P<total>\d+)\s*$", re.I)
_FOOTER = re.compile(r"^\s*(©|\(c\)|copyright\b)", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•–]|\d+[.)])\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# "Article 3: AI Use Case Delivery Management" / "Article 7, Stakeholder Management During Execution,"
_XREF = re.compile(
    r"(?:Module\s+(?P<module>\d+(?:\.\d+)*),\s*)?Article\s+(?P<n>\d+)\s*[:,]\s*"
    r"(?P<title>[A-Z][\w'’()/&-]*(?:(?:[ \t]+[—–-][ \t]+|,?[ \t]+)(?:[A-Z(][\w'’()/&-]*|and|of|for|the|in|to|a|an|as|from|with|on|at|by|—))*)"
)
_TITLE_STOP = {"and", "of", "for", "the", "in", "to", "a", "an", "as", "from", "with", "on", "at", "by", "—"}


@dataclass
class Section:
    """A heading and the lines under it, with their character span in the document."""

    heading: str
    lines: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0


@dataclass
class ParsedDocument:
    """One document's shape: title, BoK identity when it has one, sections, cross-references."""

    source: str
    text: str
    kind: str
    title: str
    module: str | None = None
    module_name: str | None = None
    article: int | None = None
    article_total: int | None = None
    sections: list[Section] = field(default_factory=list)
    xrefs: dict[tuple[str | None, int], str] = field(default_factory=dict)


def read_document(path: Path) -> str:
    """Read a txt, md or pdf file as text; each problem is one line naming the file and the fix."""
    if not path.exists():
        raise NotFoundError(f"{path} does not exist: check the path (files or folders of .txt, .md, .pdf).")
    if path.suffix.lower() not in SUFFIXES:
        raise InputError(f"{path.name}: unsupported file type {path.suffix or '(none)'}; index .txt, .md or .pdf files.")
    try:
        if path.suffix.lower() == ".pdf":
            text = _read_pdf(path)
        else:
            text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path.name} is not UTF-8 text (byte {exc.start}); save it as UTF-8 and index it again."
        ) from None
    except PermissionError:
        raise InputError(f"{path} cannot be read (permission denied); fix its permissions.") from None
    except IsADirectoryError:
        raise InputError(f"{path} is a directory where a file was expected.") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(f"{path.name} is empty: nothing to index. Add text to it or leave it out.")
    return text


def _read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise InputError(f"{path.name} is not a readable PDF ({exc.__class__.__name__}); export it again or index a text copy.") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{path.name} has no extractable text (a scanned PDF?); index a text copy instead.")
    return text


def is_heading(line: str, next_line: str | None) -> bool:
    """A heading is a short line without sentence punctuation, followed by more text."""
    s = line.strip()
    if not s or next_line is None or _BULLET.match(s) or _FOOTER.match(s):
        return False
    if len(s) > 90 or len(s.split()) > 14 or s[-1] in ".!?:;,\"”)" or not (s[0].isupper() or s[0].isdigit()):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", s)]
    if not words:
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.lower() in _TITLE_STOP or w.lower() in {"vs", "or", "is", "into"})
    return capitalised / len(words) >= 0.6 or len(words) <= 4


def parse_document(text: str, source: str) -> ParsedDocument:
    """Split a document into title, identity and sections, keeping the copyright footer out."""
    lines = text.split("\n")
    offsets, pos = [], 0
    for line in lines:
        offsets.append(pos)
        pos += len(line) + 1
    doc = ParsedDocument(source=source, text=text, kind="doc", title=Path(source).stem)
    i = _skip_blank(lines, 0)
    if i < len(lines) and (m := _TITLE.match(lines[i].strip())):
        doc.kind, doc.title = "bok", lines[i].strip()
        doc.module, doc.module_name = m.group("module"), m.group("name").strip()
        i = _skip_blank(lines, i + 1)
        if i < len(lines) and (a := _ARTICLE.match(lines[i].strip())):
            doc.article, doc.article_total = int(a.group("n")), int(a.group("total"))
            i += 1
    elif i < len(lines) and (h := _MD_HEADING.match(lines[i])) and len(h.group(1)) == 1:
        doc.title = h.group(2).strip()
        i += 1
    current = Section(INTRO, start=offsets[i] if i < len(offsets) else 0)
    doc.sections.append(current)
    nonblank = [j for j, line in enumerate(lines) if line.strip()]
    following = {a: b for a, b in zip(nonblank, nonblank[1:])}
    for j in range(i, len(lines)):
        raw = lines[j]
        s = raw.strip()
        if not s:
            continue
        if _FOOTER.match(s):
            continue
        nxt = following.get(j)
        md = _MD_HEADING.match(raw)
        if md or is_heading(s, lines[nxt] if nxt is not None else None):
            current.end = offsets[j]
            current = Section((md.group(2) if md else s).strip(), start=offsets[j])
            doc.sections.append(current)
            continue
        current.lines.append(s)
        current.end = offsets[j] + len(raw)
    doc.sections = [s for s in doc.sections if s.lines]
    for m in _XREF.finditer(text):
        title = _trim_title(m.group("title"))
        if title:
            doc.xrefs.setdefault((m.group("module") or doc.module, int(m.group("n"))), title)
    return doc


def _trim_title(title: str) -> str:
    title = re.split(r"\s+(?:and\s+)?(?:Article|Module)\b", title)[0]
    segments = title.split(", ")
    if len(segments) > 1 and len(segments[-1].split()) == 1:
        title = ", ".join(segments[:-1])  # "..., AI transformation requires" is prose, not title
    words = title.strip(" ,").split()
    while words and words[-1].lower() in _TITLE_STOP:
        words.pop()
    return " ".join(words).strip(" ,—–-")


def _skip_blank(lines: list[str], i: int) -> int:
    while i < len(lines) and not lines[i].strip():
        i += 1
    return i


def chunk_id(*parts: str) -> str:
    """A stable content hash: the same text in the same place always gets the same id."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]


def _splitter():
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    return RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_CHARS,
        chunk_overlap=CHUNK_OVERLAP,
        separators=["\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )


def chunk_document(doc: ParsedDocument, article_titles: dict[tuple[str | None, int], str] | None = None) -> list[Chunk]:
    """Heading-aware chunks: a section's paragraphs, split where long, each carrying title and heading path."""
    titles = {**doc.xrefs, **(article_titles or {})}
    article_title = titles.get((doc.module, doc.article)) if doc.article is not None else None
    splitter = None
    chunks: list[Chunk] = []
    for section in doc.sections:
        body = "\n".join(section.lines)
        if len(body) <= CHUNK_CHARS * 1.3:
            pieces = [body]
        else:
            splitter = splitter or _splitter()
            pieces = splitter.split_text(body)
        cursor = section.start
        for piece in pieces:
            found = doc.text.find(piece[:60], cursor)
            start = found if found >= 0 else section.start
            cursor = max(cursor, start + 1)
            text = piece.strip()
            chunks.append(
                Chunk(
                    id=chunk_id(doc.source, section.heading, text),
                    text=text,
                    source=doc.source,
                    kind="bok" if doc.kind == "bok" else "doc",
                    title=doc.title,
                    module=doc.module,
                    module_name=doc.module_name,
                    article=doc.article,
                    article_title=article_title,
                    section=section.heading,
                    heading_path=[section.heading] if section.heading != INTRO else [],
                    start=start,
                    end=min(start + len(piece), len(doc.text)),
                )
            )
    return chunks


def discover(paths: list[Path]) -> list[tuple[Path, str]]:
    """Expand files and folders into (file, source key) pairs; the key is the path relative to the folder given."""
    found: list[tuple[Path, str]] = []
    for root in paths:
        if not root.exists():
            raise NotFoundError(f"{root} does not exist: check the path (files or folders of .txt, .md, .pdf).")
        if root.is_file():
            found.append((root, root.name))
            continue
        files = sorted(
            p for p in root.rglob("*")
            if p.is_file() and p.suffix.lower() in SUFFIXES and not any(part.startswith(".") for part in p.relative_to(root).parts)
        )
        if not files:
            raise InputError(f"{root} holds no .txt, .md or .pdf files to index.")
        found.extend((p, p.relative_to(root).as_posix()) for p in files)
    seen: dict[str, Path] = {}
    for path, key in found:
        if key in seen and seen[key].resolve() != path.resolve():
            raise InputError(f"two files would both be indexed as {key!r} ({seen[key]} and {path}); index one of them.")
        seen[key] = path
    return found
