"""Job descriptions and postings employers hand in: text out of a pasted text, a PDF, a Word
file or a text file, and the sentences in it that read like tasks.

Everything is bounded: the upload's size (checked before parsing), the PDF's pages, and the
text kept. A file that cannot be read becomes a sentence for the person who sent it.
"""

from __future__ import annotations

import io
import re
import zipfile

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_PDF_PAGES = 20
MAX_TEXT_CHARS = 40_000
MAX_SUGGESTIONS = 40
KINDS = {".txt": "text", ".text": "text", ".pdf": "pdf", ".docx": "docx"}


def extract_text(name: str, data: bytes) -> str:
    """The text of an uploaded file, or a ValidationError that says why not."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise ValidationError(
            f"{name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB; "
            "paste the text of the job description instead."
        )
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = KINDS.get(suffix)
    if kind is None:
        if suffix == ".doc":
            raise ValidationError(
                f"{name} is an old Word file (.doc): save it as .docx or PDF, or paste the text."
            )
        raise ValidationError(f"{name}: send a PDF, a Word (.docx) or a text file.")
    try:
        if kind == "text":
            text = _decode(data)
        elif kind == "pdf":
            text = _pdf_text(data)
        else:
            text = _docx_text(data)
    except ValidationError:
        raise
    except Exception as exc:  # a damaged file of any kind: say so, never a traceback
        raise ValidationError(f"{name} could not be read ({type(exc).__name__}).") from exc
    text = text.strip()
    if not text:
        raise ValidationError(
            f"{name} holds no text we can read (a scanned image?); paste the text instead."
        )
    return text[:MAX_TEXT_CHARS]


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        raise ValidationError("The PDF is password-protected; paste the text instead.")
    parts = []
    for page in reader.pages[:MAX_PDF_PAGES]:
        parts.append(page.extract_text() or "")
        if sum(len(p) for p in parts) > MAX_TEXT_CHARS:
            break
    return "\n".join(parts)


def _docx_text(data: bytes) -> str:
    import docx

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ValidationError("The file is not a Word .docx document.")
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


# Verbs task statements start with (O*NET writes tasks as "Operate ...", postings often
# write "Operates ..." or "Responsible for operating ...").
_VERB_TEXT = """
    adjust administer align analyze answer apply arrange assemble assess assist attach
    audit balance build calculate calibrate change check clean coach collaborate collect
    communicate compile complete compute conduct configure confer connect construct consult
    contact control coordinate create cut debug deliver demonstrate design determine develop
    diagnose direct disassemble discuss dispatch document draft drill drive edit enter
    ensure establish estimate evaluate examine explain fabricate file fill fit follow
    forecast gather grind guide handle help identify implement import inspect install
    instruct interpret investigate issue keep label lead load locate lubricate machine
    maintain manage measure meet mentor monitor mount move negotiate notify observe obtain
    operate order organize oversee pack participate perform pick plan polish position
    prepare present prioritize process produce program promote provide purchase quote read
    receive recommend record reconcile refer remove repair replace report represent request
    research resolve respond review run schedule select sell service set ship sort
    specify start stock study supervise supply support teach test track train transfer
    transport troubleshoot tune update use verify visit weld write
"""
TASK_VERBS = frozenset(_VERB_TEXT.split())
LEAD_INS = re.compile(
    r"^(?:(?:will|must|should|to|be able to|ability to|able to|responsible for|"
    r"responsibilities include|duties include|you will|candidate will)\s+)+",
    re.I,
)
BULLET = re.compile(r"^[\s\-\u2022\u25cf\u25aa\u2013\u2014*\u00b7o>]+(?=\S)")


def _verb_stem(word: str) -> str:
    word = word.lower().strip(",.;:")
    if word in TASK_VERBS:
        return word
    for suffix, repl in (("ies", "y"), ("es", ""), ("es", "e"), ("s", ""), ("ing", ""),
                         ("ing", "e")):  # fmt: skip
        if word.endswith(suffix) and word[: -len(suffix)] + repl in TASK_VERBS:
            return word[: -len(suffix)] + repl
    return ""


def task_sentences(text: str, limit: int = MAX_SUGGESTIONS) -> list[str]:
    """Sentences and bullet lines that start with a work verb, as task statements."""
    found: list[str] = []
    seen: set[str] = set()
    for line in text.replace("\r", "\n").split("\n"):
        line = BULLET.sub("", line).strip()
        for sentence in re.split(r"(?<=[.;!?])\s+(?=[A-Z\u2022\-])", line):
            sentence = LEAD_INS.sub("", sentence.strip()).strip(" .;:")
            words = sentence.split()
            if not 3 <= len(words) <= 45:
                continue
            verb = _verb_stem(words[0])
            if not verb:
                continue
            rest = words[1:]
            for i in range(1, len(rest)):  # "Sets up and operates" -> "Set up and operate"
                if rest[i - 1].lower() in ("and", "or") and (stem := _verb_stem(rest[i])):
                    rest[i] = stem
            statement = verb.capitalize() + " " + " ".join(rest)
            statement = statement[:600].rstrip(",;:") + "."
            key = statement.lower()
            if key not in seen:
                seen.add(key)
                found.append(statement)
            if len(found) >= limit:
                return found
    return found
