"""The bundled server's tenant (kept whole in its state) never shows its token in a repr: a traceback or a debug
log line of the state must not carry it."""

from __future__ import annotations

from pathlib import Path

from remotes_tui.devserver.bootstrap import bootstrap
from remotes_tui.devserver.ids import IdSource
from remotes_tui.devserver.store import Store


def test_the_tenant_repr_leaves_the_token_out(tmp_path: Path) -> None:
    store = Store(str(tmp_path / "dev.db"))
    tenant = bootstrap(store, IdSource(), "edge", "telemetry", "a-tenant-token-0001", None)
    assert tenant.token == "a-tenant-token-0001"
    assert "a-tenant-token-0001" not in repr(tenant)
    assert "edge" in repr(tenant)
