#pragma once
// Where handlers put their answers: the Component in production, a recording fake in tests.
#include "xmpp/stanza.hpp"

namespace xmpp {

class StanzaSink {
 public:
  virtual ~StanzaSink() = default;
  virtual void send(Stanza s) = 0;
};

}  // namespace xmpp
