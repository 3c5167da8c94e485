"""Writes of the vulnerability and SOC module (each a transaction with its audit event)."""
from .addresses import address_add, address_remove, host_assign  # noqa: F401
from .findings import finding_decide_risk, finding_fix, finding_mark_false_positive, finding_request_risk  # noqa: F401
from .imports import scan_import, scan_import_start  # noqa: F401
from .findings import risk_acceptances_expire  # noqa: F401
from .promotion import promotion_rule_create, promotion_rule_update  # noqa: F401
from .soc import (alert_promote, alerts_ingest, heartbeat, soc_source_create, soc_source_reissue,  # noqa: F401
                  soc_source_update)
