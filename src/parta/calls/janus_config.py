"""A Janus configuration of Parta's own: VideoRoom only, WebSocket transport on loopback,
secrets that only Parta knows. Used by `make run` (a local Janus when the binary is
installed) and by the tests; production follows the same shape (README)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

LIB = Path("/usr/lib/x86_64-linux-gnu/janus")
OTHER_PLUGINS = (
    "audiobridge duktape echotest lua nosip recordplay sip streaming textroom videocall voicemail"
)
OTHER_TRANSPORTS = "http mqtt nanomsg pfunix rabbitmq"


@dataclass(frozen=True)
class JanusSetup:
    folder: Path
    ws_port: int
    api_secret: str
    admin_key: str
    rtp_ports: str = "20000-20999"
    ws_ip: str = "127.0.0.1"
    # Which local addresses ICE may use (tests: the namespace's 127.0.0.2).
    ice_enforce_list: str = ""
    debug_level: int = 3
    lib: Path = LIB

    @property
    def url(self) -> str:
        return f"ws://{self.ws_ip}:{self.ws_port}"


def _disable(names: str) -> str:
    return ",".join(f"libjanus_{n}.so" for n in names.split())


def write_config(setup: JanusSetup) -> Path:
    """Write janus.jcfg and the two plugin/transport files; returns janus.jcfg's path."""
    folder = setup.folder
    folder.mkdir(parents=True, exist_ok=True)
    nat = f'ice_enforce_list = "{setup.ice_enforce_list}"' if setup.ice_enforce_list else ""
    (folder / "janus.jcfg").write_text(
        f"""general: {{
    configs_folder = "{folder}"
    plugins_folder = "{setup.lib}/plugins"
    transports_folder = "{setup.lib}/transports"
    events_folder = "{setup.lib}/events"
    loggers_folder = "{setup.lib}/loggers"
    debug_level = {setup.debug_level}
    api_secret = "{setup.api_secret}"
    session_timeout = 60
    admin_secret = "{setup.api_secret}-admin"
}}
media: {{
    rtp_port_range = "{setup.rtp_ports}"
}}
nat: {{
    nice_debug = false
    ice_tcp = false
    full_trickle = true
    {nat}
}}
plugins: {{
    disable = "{_disable(OTHER_PLUGINS)}"
}}
transports: {{
    disable = "{_disable(OTHER_TRANSPORTS)}"
}}
events: {{
    broadcast = false
}}
loggers: {{
    disable = "libjanus_jsonlog.so"
}}
"""
    )
    (folder / "janus.transport.websockets.jcfg").write_text(
        f"""general: {{
    json = "indented"
    ws = true
    ws_port = {setup.ws_port}
    ws_ip = "{setup.ws_ip}"
    wss = false
}}
admin: {{
    admin_ws = false
    admin_wss = false
}}
"""
    )
    (folder / "janus.plugin.videoroom.jcfg").write_text(
        f"""general: {{
    admin_key = "{setup.admin_key}"
    lock_rtp_forward = true
    string_ids = false
}}
"""
    )
    return folder / "janus.jcfg"


def command(setup: JanusSetup, log: Path) -> list[str]:
    """How to start Janus with this configuration (no service manager needed)."""
    return [
        "janus",
        "-C",
        str(setup.folder / "janus.jcfg"),
        "-F",
        str(setup.folder),
        "-L",
        str(log),
        "-N",
    ]
