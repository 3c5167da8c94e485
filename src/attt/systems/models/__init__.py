from .controls import Control, Evidence
from .dossiers import Dossier, DossierComment, DossierDocument, DossierStep
from .inventory import System, SystemProduct

__all__ = ["Control", "Dossier", "DossierComment", "DossierDocument", "DossierStep", "Evidence", "System",
           "SystemProduct"]
