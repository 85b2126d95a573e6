"""Self-signed TLS material for HTTPS tests: a private CA (trustme) and a server certificate for loopback."""

from __future__ import annotations

import ssl
from dataclasses import dataclass
from pathlib import Path

import trustme


@dataclass(frozen=True)
class TlsFiles:
    """PEM files for a DevServer (`cert`, `key`) and the CA a client must trust to verify it."""

    cert: Path
    key: Path
    ca: Path
    authority: trustme.CA

    def client_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        self.authority.configure_trust(context)
        return context


def make_tls_files(folder: Path, *names: str) -> TlsFiles:
    """A new CA and a certificate it signed for `names` (default: 127.0.0.1 and localhost)."""
    authority = trustme.CA()
    issued = authority.issue_cert(*(names or ("127.0.0.1", "localhost")))
    folder.mkdir(parents=True, exist_ok=True)
    cert, key, ca = folder / "server.pem", folder / "server.key", folder / "ca.pem"
    issued.private_key_pem.write_to_path(str(key))
    cert.write_bytes(b"".join(blob.bytes() for blob in issued.cert_chain_pems))
    authority.cert_pem.write_to_path(str(ca))
    return TlsFiles(cert, key, ca, authority)
