#include "gateway/jabber_stanzas.hpp"

#include "gateway/presence_map.hpp"
#include "xmpp/ns.hpp"

namespace gw::jabber {
namespace {
xmpp::Stanza message(std::string_view from, std::string_view to, std::string_view type) {
  xmpp::Stanza m{"message"};
  m.reserve_attrs(4);  // from, to, type and perhaps id: one allocation
  m.set_attr("from", from).set_attr("to", to);
  if (!type.empty()) m.set_attr("type", type);
  return m;
}
}  // namespace

std::string to_xmpp_text(std::string_view msn_text) {
  std::string out;
  out.reserve(msn_text.size());
  for (std::size_t i = 0; i < msn_text.size(); ++i) {
    if (msn_text[i] == '\r' && i + 1 < msn_text.size() && msn_text[i + 1] == '\n') continue;
    out.push_back(msn_text[i]);
  }
  return out;
}

std::string to_msn_text(std::string_view xmpp_text) {
  std::string out;
  out.reserve(xmpp_text.size() + 8);
  for (std::size_t i = 0; i < xmpp_text.size(); ++i) {
    const char c = xmpp_text[i];
    if (c == '\n' && (i == 0 || xmpp_text[i - 1] != '\r')) out.push_back('\r');
    out.push_back(c);
  }
  return out;
}

xmpp::Stanza chat(std::string_view from, std::string_view to, std::string body) {
  auto m = message(from, to, "chat");
  m.reserve_children(2);
  m.add("body").set_text(std::move(body));
  m.add("active", xmpp::ns::chatstates);
  return m;
}

xmpp::Stanza user_chat(std::string_view from, std::string_view to, std::string_view id, std::string_view body,
                       bool wants_receipt) {
  auto m = message(from, to, "chat");
  if (!id.empty()) m.set_attr("id", id);
  m.add("body").set_text(body);
  if (wants_receipt) m.add("request", ns_receipts);
  return m;
}

xmpp::Stanza chat_state(std::string_view from, std::string_view to, std::string_view state) {
  auto m = message(from, to, "chat");
  m.add(state, xmpp::ns::chatstates);
  m.add("no-store", "urn:xmpp:hints");  // XEP-0334: a state is not worth archiving
  return m;
}

xmpp::Stanza attention(std::string_view from, std::string_view to) {
  auto m = message(from, to, "headline");
  m.add("attention", ns_attention);
  return m;
}

xmpp::Stanza receipt(std::string_view from, std::string_view to, std::string_view id) {
  auto m = message(from, to, "chat");
  m.add("received", ns_receipts).set_attr("id", id);
  return m;
}

xmpp::Stanza notice(std::string_view from, std::string_view to, std::string_view text) {
  auto m = message(from, to, "headline");
  m.add("body").set_text(text);
  return m;
}

xmpp::Stanza bounce(const xmpp::Stanza& original, xmpp::Condition condition, std::string_view text) {
  return xmpp::make_bounce(original, condition, text);
}

xmpp::Stanza contact_presence(std::string_view from, std::string_view to, const Contact& c) {
  xmpp::Stanza p{"presence"};
  p.set_attr("from", from).set_attr("to", to);
  const auto x = to_xmpp(c.status);
  if (!x.available) {
    p.set_attr("type", "unavailable");
    return p;
  }
  if (!x.show.empty()) p.add("show").set_text(x.show);
  if (auto text = status_text(c.texts.psm(), c.texts.current_media()); !text.empty()) p.add("status").set_text(text);
  if (!c.nickname().empty()) p.add("nick", ns_nick).set_text(c.nickname());
  return p;
}

xmpp::Stanza subscription(std::string_view from, std::string_view to, std::string_view type, std::string_view nick) {
  xmpp::Stanza p{"presence"};
  p.set_attr("from", from).set_attr("to", to).set_attr("type", type);
  if (!nick.empty()) p.add("nick", ns_nick).set_text(nick);
  return p;
}

namespace {
void add_items(xmpp::Stanza& parent, const std::vector<RosterItem>& items, bool exchange) {
  for (const auto& it : items) {
    auto& item = parent.add("item");
    if (exchange) item.set_attr("action", it.remove ? "delete" : "add");
    item.set_attr("jid", it.jid);
    if (!exchange) item.set_attr("subscription", it.remove ? "remove" : "both");
    if (!it.name.empty() && !it.remove) item.set_attr("name", it.name);
    if (!it.remove)
      for (const auto& g : it.groups) item.add("group").set_text(g);
  }
}
}  // namespace

xmpp::Stanza roster_push(std::string_view from, std::string_view to, std::string_view id,
                         const std::vector<RosterItem>& items) {
  xmpp::Stanza iq{"iq"};
  iq.set_attr("from", from).set_attr("to", to).set_attr("type", "set").set_attr("id", id);
  add_items(iq.add("query", ns_roster), items, false);
  return iq;
}

xmpp::Stanza roster_exchange(std::string_view from, std::string_view to, const std::vector<RosterItem>& items) {
  auto m = message(from, to, "");
  add_items(m.add("x", ns_rosterx), items, true);
  return m;
}

}  // namespace gw::jabber
