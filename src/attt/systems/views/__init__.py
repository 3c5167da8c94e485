from .controls import control_edit, controls, evidence_download, overview
from .dossiers import (
                       document_download,
                       document_upload,
                       dossier_action,
                       dossier_detail,
                       dossier_docx,
                       dossier_list,
                       signed_decision_upload,
)
from .inventory import system_classify, system_create, system_detail, system_edit, system_import, system_list

__all__ = ["control_edit", "controls", "document_download", "document_upload", "dossier_action", "dossier_detail",
           "dossier_docx", "dossier_list", "evidence_download", "overview", "signed_decision_upload", "system_classify",
           "system_create", "system_detail", "system_edit", "system_import", "system_list"]
