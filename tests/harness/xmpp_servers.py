"""Throwaway XMPP servers for integration tests: Prosody 0.12 and ejabberd 23.01 from Debian.

Loopback only, a temp dir each, random free ports, s2s and offline storage off, Nagle off
(XMPP.md). Every process started here is stopped by stop()/kill() or, at the latest, by
the context manager's __exit__, also when a test fails. Reused by the gateway's end-to-end
tests: create a server, start(), point msngate at server.component_port.
"""
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time

__all__ = ["free_port", "wait_port", "Prosody", "Ejabberd", "make_server"]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
    except OSError:
        return False


def wait_port(port, timeout, proc=None, up=True):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port) == up:
            return True
        if proc is not None and proc.poll() is not None:
            return False
        time.sleep(0.05)
    return False


def _listener_inode(port):
    """Inode of the socket listening on 127.0.0.1:port (or any address), None if none."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                rows = f.read().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                return fields[9]
    return None


def _parent(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return int(f.read().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def listens_in_tree(port, root_pid):
    """True when the socket listening on port belongs to root_pid or one of its descendants.
    free_port() only says a port was free a moment ago: another test's process may take it
    before the server binds it (Prosody then logs "port is in use by another application" and
    runs without that listener), and wait_port() would be answered by that other process."""
    inode = _listener_inode(port)
    if inode is None:
        return False
    target = f"socket:[{inode}]"
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") != target:
                    continue
            except OSError:
                continue
            p = int(pid)
            while p and p != root_pid:
                p = _parent(p)
            return p == root_pid
    return False


class _Server:
    name = "?"

    def __init__(self, workdir, domain="localhost", components=None, secret="secret"):
        # components: {jid: secret}; the first is the one msngate uses
        self.dir = os.path.abspath(workdir)
        self.domain = domain
        self.components = components or {"msn.localhost": secret}
        self.component = next(iter(self.components))
        self.secret = self.components[self.component]
        self.c2s_port = free_port()
        self.component_port = free_port()
        self.proc = None
        self.started = False  # once started, the ports are known to others: kept on restarts
        os.makedirs(self.dir, exist_ok=True)

    def _start_listening(self, launch, timeout, attempts=3):
        """launch() starts the server on self's ports and returns the pid whose tree must hold
        the listeners. A port taken meanwhile by another process: new ports, again (first start only)."""
        for _ in range(attempts if not self.started else 1):  # ejabberd exits when a port is taken
            root = launch()
            up = wait_port(self.c2s_port, timeout, self.proc) and wait_port(self.component_port, timeout, self.proc)
            if up and listens_in_tree(self.c2s_port, root) and listens_in_tree(self.component_port, root):
                self.started = True
                return
            tail = self.log_tail()
            self.kill()
            if self.started:
                break
            self.c2s_port, self.component_port = free_port(), free_port()
        raise RuntimeError(f"{self.name} did not start (or not on its ports {self.c2s_port}, {self.component_port}):\n{tail}")

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()

    def log_tail(self, n=30):
        return ""


class Prosody(_Server):
    """privileged=True loads Debian's mod_privilege and grants the first component roster
    access (XEP-0356), as an admin would to let msngate put contacts into rosters."""
    name = "prosody"

    def __init__(self, *a, privileged=False, **kw):
        super().__init__(*a, **kw)
        self.privileged = privileged

    def _write_config(self):
        os.makedirs(os.path.join(self.dir, "data"), exist_ok=True)
        comps = "\n".join(
            f'Component "{jid}"\n  component_secret = "{secret}"\n'
            + ('  modules_enabled = { "privilege" }\n' if self.privileged and jid == self.component else "")
            for jid, secret in self.components.items())
        priv_module = '"privilege"; ' if self.privileged else ""
        priv_host = (f'  privileged_entities = {{ ["{self.component}"] = {{ roster = "both"; message = "outgoing"; '
                     f'presence = "roster" }} }}\n' if self.privileged else "")
        self.cfg = os.path.join(self.dir, "prosody.cfg.lua")
        with open(self.cfg, "w") as f:
            f.write(f"""-- generated by tests/harness/xmpp_servers.py; loopback-only test instance
run_as_root = true
pidfile = "{self.dir}/prosody.pid"
data_path = "{self.dir}/data"
admin_socket = "{self.dir}/prosody.sock"
log = {{ {{ levels = {{ min = "info" }}, to = "file", filename = "{self.dir}/prosody.log" }} }}
network_backend = "epoll"
network_settings = {{ nagle = false }}
interfaces = {{ "127.0.0.1" }}
c2s_ports = {{ {self.c2s_port} }}
c2s_direct_tls_ports = {{ }}
component_ports = {{ {self.component_port} }}
component_interfaces = {{ "127.0.0.1" }}
s2s_ports = {{ }}
http_ports = {{ }}
https_ports = {{ }}
modules_enabled = {{ {priv_module}"roster"; "saslauth"; "disco"; "ping"; "register"; "presence"; }}
modules_disabled = {{ "s2s"; "offline" }}
c2s_require_encryption = false
allow_unencrypted_plain_auth = true
authentication = "internal_plain"
storage = "internal"
allow_registration = true
min_seconds_between_registrations = 0

VirtualHost "{self.domain}"
{priv_host}
{comps}
""")

    def start(self, timeout=15):
        def launch():
            self._write_config()
            self.proc = subprocess.Popen(["prosody", "-F", "--config", self.cfg],
                                         stdout=open(os.path.join(self.dir, "stdout.log"), "ab"),
                                         stderr=subprocess.STDOUT, start_new_session=True)
            return self.proc.pid
        self._start_listening(launch, timeout)

    def register(self, user, password):
        subprocess.run(["prosodyctl", "--config", self.cfg, "register", user, self.domain, password],
                       check=True, timeout=30, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self):
        """SIGKILL: the server vanishes without closing streams."""
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self.proc = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(8)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def log_tail(self, n=30):
        try:
            with open(os.path.join(self.dir, "prosody.log")) as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


class Ejabberd(_Server):
    name = "ejabberd"

    def __init__(self, *a, **kw):
        super().__init__(*a, **kw)
        self.dist_port = free_port()
        self.node = f"msngate{self.c2s_port}@localhost"

    def _ctl(self):
        d = self.dir
        return ["ejabberdctl", "--config-dir", d, "--config", f"{d}/ejabberd.yml", "--ctl-config",
                f"{d}/ejabberdctl.cfg", "--logs", f"{d}/logs", "--spool", f"{d}/spool", "--node", self.node]

    def _write_config(self):
        d = self.dir
        os.makedirs(f"{d}/logs", exist_ok=True)
        os.makedirs(f"{d}/spool", exist_ok=True)
        with open(f"{d}/ejabberdctl.cfg", "w") as f:
            f.write(f"""ERL_OPTIONS="-env ERL_CRASH_DUMP_BYTES 0"
ERL_DIST_PORT={self.dist_port}
INET_DIST_INTERFACE=127.0.0.1
EJABBERD_PID_PATH={d}/ejabberd.pid
EJABBERD_BYPASS_WARNINGS=true
""")
        hosts = "\n".join(f"      {jid}:\n        password: {secret}" for jid, secret in self.components.items())
        with open(f"{d}/ejabberd.yml", "w") as f:
            f.write(f"""# generated by tests/harness/xmpp_servers.py; loopback-only test instance
hosts:
  - {self.domain}
loglevel: info
certfiles: []
s2s_access: none
auth_method: internal
auth_password_format: plain
listen:
  -
    port: {self.c2s_port}
    ip: "127.0.0.1"
    module: ejabberd_c2s
    backlog: 128
    starttls_required: false
  -
    port: {self.component_port}
    ip: "127.0.0.1"
    module: ejabberd_service
    backlog: 128
    hosts:
{hosts}
acl:
  local:
    user_regexp: ""
access_rules:
  local:
    allow: local
  c2s:
    allow: all
  register:
    allow: all
shaper_rules:
  max_user_sessions: 10
modules:
  mod_disco: {{}}
  mod_ping: {{}}
  mod_roster: {{}}
  mod_register:
    access: register
    ip_access: all
    welcome_message: {{subject: "", body: ""}}
""")
        # As root, ejabberdctl switches to the 'ejabberd' user: the tree must be its own.
        if os.geteuid() == 0:
            pw = pwd.getpwnam("ejabberd")
            for root, dirs, files in os.walk(d):
                for p in [root] + [os.path.join(root, x) for x in dirs + files]:
                    os.chown(p, pw.pw_uid, pw.pw_gid)

    def start(self, timeout=60):
        def launch():
            self._write_config()  # the node name (from the first c2s port) stays: the spool is the node's
            self.proc = subprocess.Popen(self._ctl() + ["foreground"], cwd=self.dir,
                                         stdout=open(os.path.join(self.dir, "stdout.log"), "ab"),
                                         stderr=subprocess.STDOUT, start_new_session=True)
            return self.proc.pid
        self._start_listening(launch, timeout)

    def register(self, user, password):
        subprocess.run(self._ctl() + ["register", user, self.domain, password], check=True, timeout=60,
                       cwd=self.dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def _vm_pid(self):
        try:
            with open(os.path.join(self.dir, "ejabberd.pid")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    def kill(self):
        for pid in (self._vm_pid(),):
            if pid:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)
        self.proc = None

    def stop(self):
        pid = self._vm_pid()
        if pid:
            try:
                os.kill(pid, signal.SIGTERM)  # graceful init:stop() on OTP >= 20
            except ProcessLookupError:
                pass
        if self.proc:
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
        self.kill()
        wait_port(self.c2s_port, 5, up=False)

    def log_tail(self, n=30):
        try:
            with open(os.path.join(self.dir, "logs", "ejabberd.log")) as f:
                return "".join(f.readlines()[-n:])
        except OSError:
            return ""


def make_server(kind, workdir, **kw):
    return {"prosody": Prosody, "ejabberd": Ejabberd}[kind](workdir, **kw)
