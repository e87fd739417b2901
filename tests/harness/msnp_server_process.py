"""The project's MSNP test server (tests/msnp_server) as a process for integration tests.

    with MsnpServer(binary, workdir, accounts={"bob@example.com": ("bobpass", "Bob")},
                    contacts=[("alice@example.com", "bob@example.com")], echo_bots=["echo@example.com"]) as msn:
        msn.command("send bob@example.com alice@example.com hello")
        msn.nexus_url  # http://127.0.0.1:<port>/rdr/pprdr.asp

Ports are ephemeral (read back from --ready-file); the control channel is a TCP port, one
command per line, one reply line each (tests/msnp_server/README.md). stop() sends SIGTERM
(OUT SSD to everyone); kill() is SIGKILL, for crash tests.
"""
import os
import signal
import socket
import subprocess
import time


class MsnpServer:
    def __init__(self, binary, workdir, accounts=None, contacts=(), echo_bots=()):
        self.binary = binary
        self.dir = os.path.abspath(workdir)
        self.accounts = accounts or {}
        self.contacts = list(contacts)
        self.echo_bots = list(echo_bots)
        self.proc = None
        self.ports = {}
        self._control = None
        os.makedirs(self.dir, exist_ok=True)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self, timeout=15):
        ready = os.path.join(self.dir, "ready")
        if os.path.exists(ready):
            os.unlink(ready)
        args = [self.binary, "--ready-file", ready, "--control-port", str(self.ports.get("control", 0))]
        for key in ("ns", "sb", "http"):
            args += [f"--{key}-port", str(self.ports.get(key, 0))]
        for email, (password, nick) in self.accounts.items():
            args += ["--account", f"{email}:{password}" + (f":{nick}" if nick else "")]
        for a, b in self.contacts:
            args += ["--contacts", f"{a},{b}"]
        for bot in self.echo_bots:
            args += ["--echo-bot", bot]
        self.log = open(os.path.join(self.dir, "msnp-server.log"), "ab")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(ready):
                with open(ready) as f:
                    self.ports = {k: int(v) for k, v in (kv.split("=") for kv in f.read().split())}
                return self
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.kill()
        raise RuntimeError("msnp-test-server did not start")

    @property
    def nexus_url(self):
        return f"http://127.0.0.1:{self.ports['http']}/rdr/pprdr.asp"

    def msngate_yaml(self):
        """The msn: section pointing msngate at this server."""
        return (f"msn:\n  server: 127.0.0.1:{self.ports['ns']}\n  nexus_url: {self.nexus_url}\n"
                f"  allow_plain_http: true\n")

    def command(self, line, timeout=10):
        """Sends one control command (str, or bytes for text that is not UTF-8); returns the
        reply line (raises on ERR)."""
        if self._control is None:
            self._control = socket.create_connection(("127.0.0.1", self.ports["control"]), timeout=timeout)
            self._reader = self._control.makefile("rb")
        self._control.settimeout(timeout)
        self._control.sendall((line if isinstance(line, bytes) else line.encode()) + b"\n")
        reply = self._reader.readline().decode().strip()
        if not reply.startswith("OK"):
            raise RuntimeError(f"control '{line!r}': {reply}")
        return reply[2:].strip()

    def _close_control(self):
        if self._control is not None:
            self._control.close()
            self._control = None

    def stop(self, timeout=10):
        self._close_control()
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)

    def kill(self):
        self._close_control()
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)
