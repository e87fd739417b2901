#!/usr/bin/python3
"""Regenerates the seed corpora in tests/fuzz/corpus/ from the wire transcripts
(tests/transcripts/, tests/msnp_server/transcripts/) and config/example.yaml, plus a few
hand-written stanzas and addresses. Run from anywhere: /usr/bin/python3 tests/fuzz/make_seeds.py
The layout of each seed (control bytes first) matches the fuzz target of the same name."""
import ast
import pathlib
import re
import shutil

HERE = pathlib.Path(__file__).resolve().parent
TESTS = HERE.parent
REPO = TESTS.parent
OUT = HERE / "corpus"
DIALECT = {"msnp12": 0, "msnp11": 1, "msnp8": 2, "msnp15": 3, "msnp18": 4}
ENTRY = re.compile(r"^\[\s*[\d.]+\] (\S+)\s+(>>>|<<<) (.*)$")
HTTP = re.compile(r"^\[\s*[\d.]+\] (\S+)\s+HTTP([<>]) (.*)$")


def read_transcript(path):
    """[(who, '>>>'|'<<<', bytes)] per command, payloads reassembled; HTTP lines aside."""
    cmds, http = [], []
    payload_of, lines, declared = None, [], 0

    def finish():
        nonlocal payload_of, lines
        if payload_of is not None:
            who, d, line = cmds[payload_of]
            p = "\r\n".join(lines).encode()
            if len(p) != declared:  # the recording cut it: keep the stream framed
                line = line.rsplit(b" ", 1)[0] + b" " + str(len(p)).encode()
            cmds[payload_of] = (who, d, line + b"\r\n" + p)
        payload_of, lines = None, []

    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("        |"):
            lines.append(raw[10:])
            continue
        finish()
        m = ENTRY.match(raw)
        if m:
            who, d, line = m.groups()
            pm = re.match(r"<payload (\d+) bytes>", line)
            if pm and cmds:
                payload_of, declared = len(cmds) - 1, int(pm.group(1))
                cmds[-1] = (cmds[-1][0], cmds[-1][1], cmds[-1][2][:-2])
                continue
            cmds.append((who, d, line.encode() + b"\r\n"))
            continue
        m = HTTP.match(raw)
        if m:
            http.append(m.groups())
    finish()
    return cmds, http


def write(target, name, data):
    d = OUT / target
    d.mkdir(parents=True, exist_ok=True)
    (d / name).write_bytes(data)


def main():
    if OUT.exists():
        shutil.rmtree(OUT)
    transcripts = sorted((TESTS / "transcripts").glob("*.txt")) + sorted(
        (TESTS / "msnp_server" / "transcripts").glob("*.txt"))
    for path in transcripts:
        tag = f"{path.parent.parent.name}-{path.stem}" if path.parent.parent != TESTS else path.stem
        dialect = DIALECT.get(path.stem, 0)
        cmds, http = read_transcript(path)
        conns = {}
        for who, d, wire in cmds:
            conns.setdefault(who, {">>>": b"", "<<<": b""})[d] += wire
        # Payloads a contact controls (MSG MIME, UBX/UUX XML) for fuzz_msnp_message.
        for i, (who, d, wire) in enumerate(cmds):
            head, _, payload = wire.partition(b"\r\n")
            if payload and head[:3] in (b"MSG", b"UBX", b"UUX"):
                write("fuzz_msnp_message", f"{tag}-{i}-{head[:3].decode()}", bytes([0x41 | (i & 1)]) + payload)
        for who, w in conns.items():
            conn = f"{tag}-{who.replace('/', '-')}"
            if w["<<<"]:
                write("fuzz_msnp_codec", conn + "-s2c", bytes([dialect << 1, 0]) + w["<<<"])
                write("fuzz_msnp_codec", conn + "-s2c-small", bytes([dialect << 1, 0x80 | 20]) + w["<<<"])
            if w[">>>"]:
                write("fuzz_msnp_codec", conn + "-c2s", bytes([1 | dialect << 1, 0]) + w[">>>"])
            if not w["<<<"]:
                continue
            if who.endswith("/NS"):
                msnp11 = 1 if dialect == 1 else 0
                for flags in (0, 16, 8 | 16 | 32, 4 | 64):
                    write("fuzz_ns_session", f"{conn}-f{flags | msnp11}", bytes([flags | msnp11]) + w["<<<"])
            elif who.endswith("/SB"):
                invited = 2 if w[">>>"].startswith(b"ANS") else 0
                for flags in (0, 8, 4 | 8 | 16):
                    write("fuzz_sb_session", f"{conn}-f{flags | invited}", bytes([flags | invited]) + w["<<<"])
        # Passport: the request URL, then the response headers the parsers read.
        statuses = {200: 0, 301: 1, 302: 2, 303: 3, 307: 4, 308: 5, 401: 6, 403: 7, 500: 8, 503: 9}
        url = "https://127.0.0.1/login"
        for i, (who, d, text) in enumerate(http):
            if d == ">":
                parts = text.split(" ")
                if len(parts) >= 2:
                    url = parts[1]
                auth = re.search(r"\[Authorization: (.*)\]$", text)
                if auth:
                    write("fuzz_passport", f"{tag}-req{i}", b"\0" + "\n".join([url, auth.group(1)]).encode())
                continue
            m = re.match(r"(\d+) [^{]*(\{.*\})", text)
            if not m:
                continue
            try:
                headers = ast.literal_eval(m.group(2))
            except (ValueError, SyntaxError):
                continue
            fields = [url] + [headers.get(k, "") for k in
                              ("PassportURLs", "Authentication-Info", "WWW-Authenticate", "Location")]
            status = statuses.get(int(m.group(1)), 10)
            write("fuzz_passport", f"{tag}-resp{i}", bytes([status]) + "\n".join(fields).encode())

    write("fuzz_passport", "hand-redirect", bytes([2]) + b"http://nexus.example.com/rdr/pprdr.asp\n\n\n\n//login.example.com:8443/x?y=1")
    write("fuzz_passport", "hand-fields", bytes([6]) + b"https://[::1]:443/login\nDARealm=Passport.Net,DALogin=login.passport.com/login2.srf\n"
          b"Passport1.4 da-status=success,from-PP='t=a&p=b',ru=http://x\nPassport1.4 da-status=failed,cbtxt=Bad%20pass+word\n/again")

    jids = ["alice@example.org/home", "msn.example.org", "bob%example.com@msn.example.org",
            "bob\\40example.com@msn.example.org", "Alice@Example.ORG/Res/With/Slashes",
            "a\\20b@x", "@x", "x/", "\u00e9l\u00e8ve@\u00e9cole.fr/t\u00e9l", "bob@example.com", "first.last+tag@sub.example.co.uk"]
    write("fuzz_jid", "hand", "\n".join(jids).encode())
    for i, j in enumerate(jids):
        write("fuzz_jid", f"one{i}", j.encode())

    u = "alice@example.org/home"
    c = "bob%example.com@msn.example.org"
    stanzas = [
        f"<iq type='get' id='i1' from='{u}' to='msn.example.org'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>",
        f"<iq type='get' id='i2' from='{u}' to='msn.example.org'><query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/></iq>",
        f"<iq type='get' id='i3' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:register'/></iq>",
        f"<iq type='set' id='i4' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:register'><username>alice@example.com</username><password>pw</password></query></iq>",
        f"<iq type='set' id='i5' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:register'><x xmlns='jabber:x:data' type='submit'><field var='username'><value>a@b.com</value></field><field var='password'><value>p</value></field></x></query></iq>",
        f"<iq type='set' id='i6' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:register'><remove/></query></iq>",
        f"<iq type='get' id='i7' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:gateway'/></iq>",
        f"<iq type='set' id='i8' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:gateway'><prompt>bob@example.com</prompt></query></iq>",
        f"<iq type='get' id='i9' from='{u}' to='msn.example.org'><query xmlns='jabber:iq:version'/></iq>",
        f"<iq type='get' id='i10' from='{u}' to='msn.example.org'><ping xmlns='urn:xmpp:ping'/></iq>",
        f"<iq type='get' id='i11' from='{u}' to='{c}'><vCard xmlns='vcard-temp'/></iq>",
        f"<iq type='result' id='i12' from='{u}' to='msn.example.org'/>",
        f"<message type='chat' id='m1' from='{u}' to='{c}'><body>hi &amp; &lt;there&gt;</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>",
        f"<message type='chat' from='{u}' to='bad@msn.example.org'><body>x</body></message>",
        f"<presence from='{u}' to='msn.example.org' type='subscribe'/>",
        f"<presence from='{u}' to='msn.example.org'><show>away</show><status>out</status></presence>",
        f"<presence from='{u}' to='{c}' type='subscribe'/>",
        f"<presence from='{u}' to='{c}' type='probe'/>",
        f"<presence from='{u}' to='msn.example.org' type='unavailable'/>",
        "<iq type='get' id='x' from='msn.example.org' to='msn.example.org'><query xmlns='jabber:iq:version'/></iq>",
        f"<iq type='set' id='c1' from='{u}' to='msn.example.org'><command xmlns='http://jabber.org/protocol/commands' node='sign-in' action='execute'/></iq>",
        f"<iq type='set' id='c2' from='{u}' to='msn.example.org'><command xmlns='http://jabber.org/protocol/commands' node='sign-in' sessionid='s1'><x xmlns='jabber:x:data' type='submit'><field var='password'><value>p</value></field></x></command></iq>",
        "<message from='example.org' to='msn.example.org'><privilege xmlns='urn:xmpp:privilege:2'><perm access='roster' type='both'/></privilege></message>",
        f"<message type='chat' id='m2' from='example.org' to='{c}'><body>from a domain</body></message>",
    ]
    for i, s in enumerate(stanzas):
        write("fuzz_stanza", f"hand{i}", s.encode())
    for flags in (0, 1 | 2, 8 | 16 | 32, 4 | 64, 128 | 2):  # 128: a tiny stanza rate limit
        write("fuzz_service", f"all-f{flags}", bytes([flags]) + b"\0".join(s.encode() for s in stanzas))
        for i, s in enumerate(stanzas[::4]):
            write("fuzz_service", f"one{i}-f{flags}", bytes([flags]) + s.encode())

    example = (REPO / "config" / "example.yaml").read_bytes()
    write("fuzz_config", "example", example)
    write("fuzz_config", "minimal", b"component:\n  jid: msn.example.org\n  secret: s\n")
    write("fuzz_config", "flow", b"{component: {jid: a.b, secret: x, port: 5347}, msn: {server: 'h:1863'}, log: {level: debug}}\n")


if __name__ == "__main__":
    main()
