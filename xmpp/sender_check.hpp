#pragma once
// Who may talk to the component. The XMPP server stamps every stanza's 'from', so the sender
// is known; a gateway serves user accounts, so only JIDs with a localpart on another domain
// than ours are users. The server itself (a domain JID) is let through for the little it
// legitimately sends: the XEP-0356 privilege advertisement (a <message/>), answers to the
// component's own requests (iq result/error) and a ping or disco query. Everything else -- no
// or a malformed 'from', a domain JID asking for more, anything claiming to come from our own
// domain (contact JIDs are ours to send from, never to receive from) -- is refused.
#include <optional>

#include "xmpp/jid.hpp"
#include "xmpp/stanza.hpp"

namespace xmpp {

enum class SenderVerdict {
  user,     // a user account: the stanza goes on
  server,   // server traffic we accept from a domain JID
  refused,  // answer with an error (if it may be answered) or drop
};

// `from` is the parsed 'from' (nullopt: missing or malformed); `domain` our normalised domain.
SenderVerdict check_sender(const std::optional<Jid>& from, const Stanza& s, const std::string& domain);

}  // namespace xmpp
