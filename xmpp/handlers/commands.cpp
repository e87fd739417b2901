#include "xmpp/handlers/commands.hpp"

#include "xmpp/data_form.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/ns.hpp"

namespace xmpp::handlers {
namespace {

constexpr std::string_view instructions =
    "Enter your MSN Messenger password. The gateway keeps it in memory while you are signed in "
    "and never stores it.";

Stanza& command_reply(Stanza& iq_result, std::string_view session, std::string_view status) {
  Stanza& c = iq_result.add("command", ns::commands);
  c.set_attr("node", sign_in_node).set_attr("sessionid", session).set_attr("status", status);
  return c;
}

std::pair<std::string_view, std::string> note_for(SignInOutcome o) {
  switch (o) {
    case SignInOutcome::signed_in: return {"info", "Signed in to Messenger."};
    case SignInOutcome::already_signed_in: return {"info", "You are already signed in to Messenger."};
    case SignInOutcome::wrong_password: return {"error", "Messenger refused this password. Nothing was stored."};
    case SignInOutcome::not_registered: return {"error", "You are not registered with this gateway: register first."};
    case SignInOutcome::busy: return {"error", "A sign-in is already under way; try again in a moment."};
    case SignInOutcome::failed: break;
  }
  return {"error", "Could not sign in to Messenger; try again later."};
}

}  // namespace

void add_command_items(Stanza& query, const ServiceSettings& s) {
  query.add("item").set_attr("jid", s.domain).set_attr("node", sign_in_node).set_attr("name", sign_in_name);
}

DiscoInfo command_node_info() {
  return DiscoInfo{{{"automation", "command-node", std::string{sign_in_name}, ""}},
                   {std::string{ns::commands}, std::string{ns::data_forms}}};
}

void CommandHandler::handle(const Jid& user, const Stanza& iq) {
  const Stanza& cmd = *iq.first_child();
  if (cmd.attr("node") != sign_in_node) return out_.send(make_error(iq, Condition::item_not_found, "no such command"));
  const auto action = cmd.attr("action");
  std::string session{cmd.attr("sessionid")};
  Stanza reply = make_result(iq);
  if (action == "cancel") {
    command_reply(reply, session, "canceled");
    return out_.send(std::move(reply));
  }
  const Stanza* x = cmd.child("x", ns::data_forms);
  if (!x) {
    if (!action.empty() && action != "execute")
      return out_.send(make_error(iq, Condition::bad_request, "execute the command first"));
    Stanza& c = command_reply(reply, "sign-in-" + std::to_string(++next_session_), "executing");
    c.add("actions").set_attr("execute", "complete").add("complete");
    DataForm form{"form"};
    form.set_title(sign_in_name).set_instructions(instructions);
    form.add_field({"password", "text-private", "Messenger password", {}, true});
    c.add(form.to_stanza());
    return out_.send(std::move(reply));
  }
  const auto form = DataForm::parse(*x);
  if (!form || form->type() != "submit")
    return out_.send(make_error(iq, Condition::bad_request, "expected a submitted form"));
  std::string password = form->value("password");
  if (password.empty()) {
    command_reply(reply, session, "completed").add("note").set_attr("type", "error").set_text("No password given.");
    return out_.send(std::move(reply));
  }
  events_.sign_in(user.bare(), std::move(password),
                  [this, alive = std::weak_ptr<int>(alive_), reply, session](SignInOutcome o) mutable {
                    if (!alive.lock()) return;
                    const auto [type, text] = note_for(o);
                    command_reply(reply, session, "completed").add("note").set_attr("type", type).set_text(text);
                    out_.send(std::move(reply));
                  });
}

}  // namespace xmpp::handlers
