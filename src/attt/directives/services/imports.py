"""Importing a dispatch: read the file, extract, store document, directive, tasks, deadlines and
references; grow the library of known documents."""
from __future__ import annotations

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from attt.core import audit, rules
from attt.core.errors import DomainError
from attt.core.uploads import check_archive, check_data, check_name
from attt.directives.extract import DocumentError, extract_text, read_document
from attt.orgs.models import Organisation

from ..models import Directive, DirectiveDocument, DirectiveReference, KnownDocument, Task, TaskDeadline
from ..models.documents import symbol_key
from ..rules import DIRECTIVE_MANAGERS

MAX_BYTES = 10 * 1024 * 1024
ALLOWED_SUFFIXES = (".txt", ".docx", ".pdf")
KIND_OF_TYPE = {"cong_van": "Công văn", "chi_thi": "Chỉ thị", "ke_hoach": "Kế hoạch", "cong_dien": "Công điện",
                "quyet_dinh": "Quyết định", "thong_bao": "Thông báo", "bao_cao": "Báo cáo"}


def province_of(user) -> Organisation:
    """The province whose directives `user` manages (the root of their managing membership)."""
    membership = (user.memberships.filter(active=True, role__in=DIRECTIVE_MANAGERS).select_related("organisation")
                  .order_by("id").first())
    if membership is None:
        membership = user.memberships.filter(active=True).select_related("organisation").order_by("id").first()
    if membership is None:
        raise DomainError(_("Tài khoản của bạn chưa thuộc tỉnh nào."))
    province = Organisation.objects.filter(path=membership.organisation.province_path()).first()
    if province is None:  # pragma: no cover - every organisation has a root
        raise DomainError(_("Không xác định được tỉnh của bạn."))
    return province


def _check_before_reading(data: bytes, filename: str) -> str:
    name = (filename or "").strip()
    check_name(name)
    if not name.lower().endswith(ALLOWED_SUFFIXES):
        raise DomainError(_("Chỉ nhận văn bản dạng .txt, .docx hoặc .pdf."), field="file")
    if len(data) > MAX_BYTES:
        raise DomainError(_("Tệp vượt quá giới hạn %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, field="file")
    check_archive(data, name=name)  # before python-docx inflates anything
    return name


def _check_content(data: bytes, name: str) -> None:
    check_data(data, name=name, max_bytes=MAX_BYTES, allowed=frozenset({"txt", "docx", "pdf"}))


def check_file(data: bytes, filename: str) -> str:
    """The common upload check of a dispatch file (name, type by content, size, archive members and
    bombs), cheap enough to run in the request before an import job starts; returns the name."""
    name = _check_before_reading(data, filename)
    _check_content(data, name)
    return name


def read_upload(data: bytes, filename: str) -> str:
    """The text of an uploaded dispatch, or a DomainError with the reader's Vietnamese message (the
    reader explains a damaged PDF or DOCX better than the type check, so it speaks first)."""
    name = _check_before_reading(data, filename)
    try:
        text = read_document(data, name, max_bytes=MAX_BYTES)
    except DocumentError as exc:
        raise DomainError(exc.message, field="file") from None
    _check_content(data, name)
    if not text.strip():
        raise DomainError(_("Không đọc được nội dung chữ trong tệp."), field="file")
    return text


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def known_document_upsert(*, symbol: str, kind: str | None, date: dt.date | None, title: str = "") -> KnownDocument:
    key = symbol_key(symbol)
    doc = KnownDocument.objects.filter(symbol_key=key).first()
    if doc is None:
        return KnownDocument.objects.create(symbol=symbol, kind=kind or "", date=date, title=title[:500])
    changed = []
    for name, value in (("kind", kind), ("date", date), ("title", title[:500] if title else "")):
        if value and not getattr(doc, name):
            setattr(doc, name, value)
            changed.append(name)
    if changed:
        doc.save(update_fields=changed + ["updated_at"])
    return doc


def create_tasks(directive: Directive, tasks: list[dict], *, start: int = 0) -> list[Task]:
    created = []
    for index, item in enumerate(tasks, start=start):
        deadlines = item.get("deadlines") or []
        dates = sorted(d["date"] for d in deadlines if d.get("kind") == "date" and d.get("date"))
        spans = item.get("spans") or ([item["span"]] if item.get("span") else [])
        restored = item.get("text_restored") or ""
        task = Task.objects.create(directive=directive, position=index, ref=item.get("ref") or "",
                                   text=restored or item.get("text") or "",
                                   source_text=(item.get("text") or "") if restored else "",
                                   unsure=list(item.get("unsure") or []),
                                   assignees=list(item.get("assignees") or []),
                                   due_on=_date(dates[0]) if dates else None, spans=spans)
        TaskDeadline.objects.bulk_create(TaskDeadline(
            task=task, kind=d.get("kind", "event"), date=_date(d.get("date")), every_months=d.get("every_months"),
            due_day=d.get("due_day"), due_month_of_period=d.get("due_month_of_period") or "",
            due_month=d.get("due_month"), text=(d.get("text") or "")[:300], span=d.get("span"),
        ) for d in deadlines)
        created.append(task)
    return created


def _refuse_duplicate(province: Organisation, sha: str) -> None:
    existing = Directive.objects.filter(province=province, document__sha256=sha).first()
    if existing is not None:
        raise DomainError(_("Văn bản này đã được nhập trước đó (%(d)s).") % {"d": existing}, field="file")


def unit_names(province: Organisation) -> list[str]:
    """The province's own organisation names: the lexicon that restores and matches assignee phrases."""
    return list(Organisation.objects.filter(path__startswith=province.path, valid_to__isnull=True)
                .values_list("name", flat=True))


def directive_import(*, actor, data: bytes, filename: str, province: Organisation | None = None) -> Directive:
    """Store the dispatch and what was extracted from it, as a draft to review.

    Reading the file (DOCX, PDF) and extracting happen before the write transaction opens, so
    a slow document never holds the database's write lock; the transaction only stores."""
    rules.require(actor, "directive.manage")
    province = province or province_of(actor)
    rules.require(actor, "directive.manage", province)
    sha = hashlib.sha256(data).hexdigest()
    _refuse_duplicate(province, sha)
    text = read_upload(data, filename)
    extraction = extract_text(text, units=unit_names(province)).to_dict(with_spans=True, with_review=True)
    with transaction.atomic():
        _refuse_duplicate(province, sha)  # again: another user may have imported it meanwhile
        return _store(actor=actor, province=province, data=data, filename=filename, sha=sha, text=text,
                      extraction=extraction)


def _store(*, actor, province, data: bytes, filename: str, sha: str, text: str, extraction: dict) -> Directive:
    document = DirectiveDocument(filename=filename[-255:], sha256=sha, size=len(data), text=text,
                                 extraction=extraction)
    document.file.save(filename.rsplit("/", 1)[-1], ContentFile(data), save=False)
    document.save()
    warnings = []
    if not extraction["tasks"]:
        warnings.append(_("Không tìm thấy nhiệm vụ nào trong văn bản; hãy thêm nhiệm vụ thủ công."))
    if not extraction["number"]:
        warnings.append(_("Không tìm thấy số, ký hiệu văn bản."))
    directive = Directive.objects.create(
        province=province, document=document, number=extraction["number"] or "",
        issued_on=_date(extraction["issued_on"]), issuer=(extraction["issuer"] or "")[:255],
        place=(extraction["place"] or "")[:120], doc_type=extraction["doc_type"] or "other",
        subject=(extraction["subject"] or "")[:500], recipients=extraction["recipients"], warnings=warnings,
        created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for position, ref in enumerate(extraction["references"]):
        known = known_document_upsert(symbol=ref["symbol"], kind=ref.get("kind"), date=_date(ref.get("date")))
        DirectiveReference.objects.get_or_create(directive=directive, document=known,
                                                 defaults={"position": position, "span": ref.get("span")})
    if directive.number and not directive.number.startswith("/"):
        known_document_upsert(symbol=directive.number, kind=KIND_OF_TYPE.get(directive.doc_type, ""),
                              date=directive.issued_on, title=directive.subject)
    create_tasks(directive, extraction["tasks"])
    audit.record(actor=actor, action="directive.import", obj=directive,
                 changes={"file": [None, filename], "sha256": [None, sha], "tasks": [None, len(extraction["tasks"])]})
    return directive
