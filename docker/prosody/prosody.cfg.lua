-- Prosody for msngate: one virtual host and the msngate component on the container network.
run_as_root = true
daemonize = false
pidfile = "/tmp/prosody.pid"
log = { info = "*console" }
network_settings = { nagle = false }  -- Nagle adds ~90 ms to a round trip of a large stanza
modules_enabled = { "roster", "saslauth", "disco", "register", "ping", "presence", "message", "iq" }
modules_disabled = { "s2s", "offline" }
allow_registration = true
c2s_require_encryption = false
authentication = "internal_plain"
component_interfaces = { "*" }
VirtualHost "example.org"
Component "msn.example.org"
  component_secret = "change-me"
