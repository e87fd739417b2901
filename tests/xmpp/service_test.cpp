#include <catch2/catch.hpp>

#include "tests/xmpp/fakes.hpp"
#include "xmpp/data_form.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/ns.hpp"
#include "xmpp/service.hpp"

using namespace xmpp;
using namespace xmpp::testing;

namespace {

struct Fixture {
  RecordingSink sink;
  MapBackend backend;
  RecordingEvents events;
  Service::Clock::time_point now{};
  Service service{settings(), sink, backend, events, [this] { return now; }};

  static ServiceSettings settings() {
    ServiceSettings s;
    s.domain = "msn.test";
    s.version = "9.9.9";
    s.stanzas_per_second = 10;
    s.stanza_burst = 20;
    return s;
  }
  std::vector<Stanza> feed(const std::string& xml) {
    auto s = Stanza::parse(xml);
    REQUIRE(s);
    service.handle(*s);
    return sink.take();
  }
};

const std::string user = "alice@example.org/home";

std::string iq(const std::string& type, const std::string& to, const std::string& payload, const std::string& id = "i1") {
  return "<iq type='" + type + "' id='" + id + "' from='" + user + "' to='" + to + "'>" + payload + "</iq>";
}

}  // namespace

TEST_CASE("service: disco#info on the gateway", "[xmpp][service][disco]") {
  Fixture f;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>"));
  REQUIRE(out.size() == 1);
  const Stanza& r = out[0];
  CHECK(r.type() == "result");
  CHECK(r.from() == "msn.test");
  CHECK(r.to() == user);
  CHECK(r.id() == "i1");
  const Stanza* q = r.child("query", ns::disco_info);
  REQUIRE(q);
  const Stanza* id = q->child("identity");
  REQUIRE(id);
  CHECK(id->attr("category") == "gateway");
  CHECK(id->attr("type") == "msn");
  std::vector<std::string> features;
  for (const auto& c : q->children())
    if (c.name() == "feature") features.emplace_back(c.attr("var"));
  for (auto want : {ns::register_, ns::gateway, ns::version, ns::ping, ns::commands, ns::disco_items}) {
    INFO(want);
    CHECK(std::find(features.begin(), features.end(), want) != features.end());
  }
}

TEST_CASE("service: disco on the caps node, the command list and contacts", "[xmpp][service][disco]") {
  Fixture f;
  const std::string ver{f.service.gateway_presence("x@y").child("c", ns::caps)->attr("ver")};
  const std::string node = f.service.settings().caps_node + "#" + ver;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#info' node='" + node + "'/>"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].type() == "result");
  CHECK(out[0].child("query")->attr("node") == node);

  out = f.feed(iq("get", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#items' node='http://jabber.org/protocol/commands'/>"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].type() == "result");
  const Stanza* item = out[0].child("query")->child("item");
  REQUIRE(item);
  CHECK(item->attr("node") == "sign-in");
  CHECK(item->attr("jid") == "msn.test");
  CHECK(item->attr("name") == "Sign in to Messenger");

  out = f.feed(iq("get", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#info' node='nope'/>"));
  CHECK(error_condition(out.at(0)) == Condition::item_not_found);

  out = f.feed(iq("get", "bob%example.com@msn.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>"));
  REQUIRE(out.size() == 1);
  CHECK(out[0].type() == "result");
  CHECK(out[0].from() == "bob%example.com@msn.test");
  CHECK(out[0].child("query")->child("identity")->attr("category") == "client");

  out = f.feed(iq("get", "bob\\40example.com@msn.test", "<query xmlns='http://jabber.org/protocol/disco#items'/>"));
  CHECK(out.at(0).type() == "result");
}

TEST_CASE("service: invalid contact JIDs get jid-malformed", "[xmpp][service][jid]") {
  Fixture f;
  auto out = f.feed(iq("get", "notanaddress@msn.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>"));
  CHECK(error_condition(out.at(0)) == Condition::jid_malformed);
  out = f.feed("<message from='" + user + "' to='bob@msn.test' id='m1'><body>hi</body></message>");
  REQUIRE(out.size() == 1);
  CHECK(out[0].name() == "message");
  CHECK(error_condition(out[0]) == Condition::jid_malformed);
  out = f.feed("<presence from='" + user + "' to='x%y@msn.test' type='subscribe'/>");
  CHECK(error_condition(out.at(0)) == Condition::jid_malformed);
  // errors are never answered, even to a malformed address
  CHECK(f.feed("<message from='" + user + "' to='bob@msn.test' type='error'/>").empty());
  CHECK(f.events.log.empty());
}

TEST_CASE("service: every iq gets an answer", "[xmpp][service][errors]") {
  Fixture f;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='urn:example:unknown'/>"));
  CHECK(error_condition(out.at(0)) == Condition::service_unavailable);
  CHECK(f.events.log.back() == "iq get alice@example.org/home -> ");
  out = f.feed(iq("set", "msn.test", "<query xmlns='jabber:iq:version'/>"));
  CHECK(error_condition(out.at(0)) == Condition::feature_not_implemented);
  out = f.feed(iq("set", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#info'/>"));
  CHECK(error_condition(out.at(0)) == Condition::feature_not_implemented);
  out = f.feed(iq("get", "msn.test", ""));
  CHECK(error_condition(out.at(0)) == Condition::bad_request);
  out = f.feed(iq("get", "msn.test", "<ping xmlns='urn:xmpp:ping'/><ping xmlns='urn:xmpp:ping'/>"));
  CHECK(error_condition(out.at(0)) == Condition::bad_request);
  out = f.feed(iq("bogus", "msn.test", "<ping xmlns='urn:xmpp:ping'/>"));
  CHECK(error_condition(out.at(0)) == Condition::bad_request);
  out = f.feed(iq("get", "bob%example.com@msn.test", "<query xmlns='jabber:iq:register'/>"));
  CHECK(error_condition(out.at(0)) == Condition::service_unavailable);
  // the core may take an iq: then the component stays quiet
  f.events.take_iqs = true;
  CHECK(f.feed(iq("get", "bob%example.com@msn.test", "<vCard xmlns='vcard-temp'/>")).empty());
  // results and errors are passed on, never answered
  CHECK(f.feed(iq("result", "msn.test", "")).empty());
  CHECK(f.feed(iq("error", "msn.test", "")).empty());
}

TEST_CASE("service: version, ping, ad-hoc", "[xmpp][service]") {
  Fixture f;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='jabber:iq:version'/>"));
  CHECK(out.at(0).child("query")->child_text("name") == "msngate");
  CHECK(out.at(0).child("query")->child_text("version") == "9.9.9");
  out = f.feed(iq("get", "msn.test", "<ping xmlns='urn:xmpp:ping'/>", "p1"));
  CHECK(out.at(0).type() == "result");
  CHECK(out.at(0).id() == "p1");
  CHECK(out.at(0).children().empty());
  out = f.feed(iq("set", "msn.test", "<command xmlns='http://jabber.org/protocol/commands' node='x' action='execute'/>"));
  CHECK(error_condition(out.at(0)) == Condition::item_not_found);
}

TEST_CASE("service: the sign-in command asks for the password and passes it on", "[xmpp][service][commands]") {
  Fixture f;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='http://jabber.org/protocol/disco#info' node='sign-in'/>"));
  CHECK(out.at(0).child("query")->child("identity")->attr("type") == "command-node");
  // execute: a form with a text-private password field
  out = f.feed(iq("set", "msn.test", "<command xmlns='http://jabber.org/protocol/commands' node='sign-in' action='execute'/>"));
  REQUIRE(out.size() == 1);
  const Stanza* c = out[0].child("command", ns::commands);
  REQUIRE(c);
  CHECK(c->attr("status") == "executing");
  const std::string session{c->attr("sessionid")};
  CHECK_FALSE(session.empty());
  const auto form = DataForm::parse(*c->child("x", ns::data_forms));
  REQUIRE(form);
  CHECK(form->type() == "form");
  REQUIRE(form->field("password"));
  CHECK(form->field("password")->type == "text-private");
  CHECK_FALSE(form->instructions().empty());
  // submit: the outcome comes back as a note
  const auto submit = [&](const std::string& pw) {
    return f.feed(iq("set", "msn.test", "<command xmlns='http://jabber.org/protocol/commands' node='sign-in' sessionid='" +
                                            session + "'><x xmlns='jabber:x:data' type='submit'><field var='password'><value>" +
                                            pw + "</value></field></x></command>"));
  };
  f.events.sign_in_outcome = SignInOutcome::signed_in;
  out = submit("s3cret");
  c = out.at(0).child("command", ns::commands);
  REQUIRE(c);
  CHECK(c->attr("status") == "completed");
  CHECK(c->attr("sessionid") == session);
  CHECK(c->child("note")->attr("type") == "info");
  CHECK(f.events.log.back() == "sign-in alice@example.org s3cret");  // the bare JID
  f.events.sign_in_outcome = SignInOutcome::wrong_password;
  out = submit("wrong");
  CHECK(out.at(0).child("command", ns::commands)->child("note")->attr("type") == "error");
  // an empty password is not passed on; cancel ends the command
  const auto before = f.events.log.size();
  out = submit("");
  CHECK(out.at(0).child("command", ns::commands)->child("note")->attr("type") == "error");
  CHECK(f.events.log.size() == before);
  out = f.feed(iq("set", "msn.test", "<command xmlns='http://jabber.org/protocol/commands' node='sign-in' sessionid='" +
                                         session + "' action='cancel'/>"));
  CHECK(out.at(0).child("command", ns::commands)->attr("status") == "canceled");
}

TEST_CASE("service: XEP-0100 prompt and translation", "[xmpp][service][gateway]") {
  Fixture f;
  auto out = f.feed(iq("get", "msn.test", "<query xmlns='jabber:iq:gateway'/>"));
  CHECK(out.at(0).type() == "result");
  CHECK(out.at(0).child("query", ns::gateway)->child_text("prompt") == "MSN address");
  CHECK_FALSE(out.at(0).child("query")->child_text("desc").empty());
  out = f.feed(iq("set", "msn.test", "<query xmlns='jabber:iq:gateway'><prompt> Bob@Example.com </prompt></query>"));
  CHECK(out.at(0).child("query", ns::gateway)->child_text("jid") == "bob%example.com@msn.test");
  out = f.feed(iq("set", "msn.test", "<query xmlns='jabber:iq:gateway'><prompt>not an address</prompt></query>"));
  CHECK(error_condition(out.at(0)) == Condition::jid_malformed);
}

TEST_CASE("service: messages and presence go to the core", "[xmpp][service]") {
  Fixture f;
  CHECK(f.feed("<message from='" + user + "' to='bob%example.com@msn.test' type='chat'><body>hi</body></message>").empty());
  CHECK(f.events.log.back() == "message alice@example.org/home -> bob@example.com hi");
  CHECK(f.feed("<presence from='" + user + "' to='bob%example.com@msn.test' type='subscribe'/>").empty());
  CHECK(f.events.log.back() == "contact-presence alice@example.org/home -> bob@example.com subscribe");
  CHECK(f.feed("<presence from='" + user + "' to='msn.test'/>").empty());
  CHECK(f.events.log.back() == "user-presence alice@example.org/home ");
  CHECK(f.feed("<presence from='" + user + "' to='msn.test' type='unavailable'/>").empty());
  CHECK(f.events.log.back() == "user-presence alice@example.org/home unavailable");
  CHECK(f.feed("<presence from='" + user + "' to='msn.test' type='bogus'/>").empty());
  CHECK(f.events.log.back() == "user-presence alice@example.org/home unavailable");
  // stanzas for another domain, or without a sender, are dropped
  CHECK(f.feed("<message from='" + user + "' to='other.test'><body>x</body></message>").empty());
  CHECK(f.feed("<iq type='get' id='x' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>").empty());
}

TEST_CASE("service: subscriptions and probes to the gateway need a registration", "[xmpp][service][gateway]") {
  Fixture f;
  auto out = f.feed("<presence from='" + user + "' to='msn.test' type='subscribe'/>");
  REQUIRE(out.size() == 1);
  CHECK(out[0].type() == "unsubscribed");
  CHECK(out[0].to() == "alice@example.org");
  f.backend.users["alice@example.org"] = {"alice@hotmail.com", "pw"};
  out = f.feed("<presence from='" + user + "' to='msn.test' type='subscribe'/>");
  REQUIRE(out.size() == 2);
  CHECK(out[0].type() == "subscribed");
  CHECK(out[1].type().empty());
  CHECK(out[1].child("c", ns::caps));
  out = f.feed("<presence from='" + user + "' to='msn.test' type='probe'/>");
  REQUIRE(out.size() == 1);
  CHECK(out[0].from() == "msn.test");
  CHECK(f.events.log.back() == "user-presence alice@example.org/home probe");
}

TEST_CASE("service: the configured domain is compared case-insensitively", "[xmpp][service]") {
  RecordingSink sink;
  MapBackend backend;
  RecordingEvents events;
  ServiceSettings s;
  s.domain = "MSN.Test";
  Service service{s, sink, backend, events};
  service.handle(*Stanza::parse("<iq type='get' id='1' from='a@b/c' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>"));
  REQUIRE(sink.sent.size() == 1);
  CHECK(sink.sent[0].type() == "result");
  CHECK(sink.sent[0].from() == "msn.test");
}

TEST_CASE("service: on link up, every registered user sees the gateway and is probed", "[xmpp][service]") {
  Fixture f;
  f.backend.users["a@x.org"] = {"a@hotmail.com", "p"};
  f.backend.users["b@y.org"] = {"b@hotmail.com", "p"};
  f.service.on_link_up();
  const auto out = f.sink.take();
  REQUIRE(out.size() == 4);
  CHECK(out[0].to() == "a@x.org");
  CHECK(out[0].child("c", ns::caps));
  CHECK(out[1].to() == "a@x.org");
  CHECK(out[1].type() == "probe");  // the user's server answers with their presence: sign-in
  CHECK(out[3].to() == "b@y.org");
  CHECK(out[3].type() == "probe");
  CHECK(f.events.log.back() == "link-up");
}

TEST_CASE("service: only user accounts are served", "[xmpp][service][sender]") {
  Fixture f;
  // iq get/set from a domain, our own domain or a contact JID of ours: not-allowed
  for (const std::string from : {"example.org", "msn.test", "bob%example.com@msn.test"}) {
    INFO(from);
    auto out = f.feed("<iq type='set' id='r' from='" + from + "' to='msn.test'><query xmlns='jabber:iq:register'/></iq>");
    REQUIRE(out.size() == 1);
    CHECK(error_condition(out[0]) == Condition::not_allowed);
    CHECK(out[0].child("error")->attr("type") == "cancel");
    CHECK(out[0].to() == from);
  }
  // a message is bounced with its body; a presence is dropped; errors are never answered
  auto out = f.feed("<message from='example.org' to='bob%example.com@msn.test' id='m'><body>hi</body></message>");
  REQUIRE(out.size() == 1);
  CHECK(error_condition(out[0]) == Condition::not_allowed);
  CHECK(out[0].child_text("body") == "hi");
  CHECK(f.feed("<presence from='example.org' to='msn.test'/>").empty());
  CHECK(f.feed("<message from='example.org' to='msn.test' type='error'/>").empty());
  // no 'from' or a malformed one: nobody to answer
  CHECK(f.feed("<message to='bob%example.com@msn.test'><body>hi</body></message>").empty());
  CHECK(f.feed("<iq type='get' id='x' from='a@b@c' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>").empty());
  CHECK(f.events.log.empty());
}

TEST_CASE("service: the server's own traffic still works", "[xmpp][service][sender]") {
  Fixture f;
  auto out = f.feed("<iq type='get' id='p' from='example.org' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>");
  CHECK(out.at(0).type() == "result");
  out = f.feed("<iq type='get' id='d' from='example.org' to='msn.test'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
  CHECK(out.at(0).type() == "result");
  CHECK(f.feed("<message from='example.org' to='msn.test'><privilege xmlns='urn:xmpp:privilege:2'/></message>").empty());
  CHECK(f.events.log.back() == "message example.org ->  ");  // no body
  CHECK(f.feed("<iq type='result' id='push1' from='example.org' to='msn.test'/>").empty());
  CHECK(f.events.log.back() == "iq result example.org -> ");
}

TEST_CASE("service: a flooding user is slowed down, others are not", "[xmpp][service][limit]") {
  Fixture f;
  const std::string to = "bob%example.com@msn.test";
  auto message = [&](const std::string& from, int i) {
    return "<message from='" + from + "' to='" + to + "' id='m" + std::to_string(i) + "'><body>n" + std::to_string(i) +
           "</body></message>";
  };
  for (int i = 0; i < 20; ++i) CHECK(f.feed(message(user, i)).empty());  // the burst
  auto out = f.feed(message(user, 20));
  REQUIRE(out.size() == 1);
  CHECK(error_condition(out[0]) == Condition::resource_constraint);
  CHECK(out[0].child("error")->attr("type") == "wait");
  CHECK(out[0].child("error")->child_text("text") == "too many stanzas; slow down");
  CHECK(out[0].child_text("body") == "n20");
  CHECK(out[0].id() == "m20");
  // another resource of the same account shares the budget; iqs get the same error
  out = f.feed(iq("get", "msn.test", "<ping xmlns='urn:xmpp:ping'/>"));
  CHECK(error_condition(out.at(0)) == Condition::resource_constraint);
  out = f.feed("<iq type='get' id='i2' from='alice@example.org/phone' to='msn.test'><ping xmlns='urn:xmpp:ping'/></iq>");
  CHECK(error_condition(out.at(0)) == Condition::resource_constraint);
  // errors and results are dropped, never answered
  CHECK(f.feed("<message from='" + user + "' to='" + to + "' type='error'/>").empty());
  CHECK(f.feed(iq("result", "msn.test", "")).empty());
  // presence: dropped, with at most one error a second
  const std::string presence = "<presence from='" + user + "' to='msn.test'/>";
  out = f.feed(presence);
  CHECK(out.at(0).name() == "presence");
  CHECK(error_condition(out[0]) == Condition::resource_constraint);
  for (int i = 0; i < 50; ++i) CHECK(f.feed(presence).empty());
  CHECK(f.events.log.size() == 20);  // nothing refused reached the core
  // ...except going offline, which ends work: the session still signs out
  CHECK(f.feed("<presence from='" + user + "' to='msn.test' type='unavailable'/>").empty());
  CHECK(f.events.log.back() == "user-presence alice@example.org/home unavailable");
  const auto before = f.events.log.size();
  CHECK(f.feed("<presence from='" + user + "' to='" + to + "' type='unavailable'/>").empty());
  CHECK(f.events.log.size() == before);  // to a contact it is dropped like the rest
  // another user is served meanwhile
  CHECK(f.feed(message("carol@example.net/x", 1)).empty());
  CHECK(f.events.log.back() == "message carol@example.net/x -> bob@example.com n1");
  // a second later: ten more stanzas, and one presence error again
  f.now += std::chrono::seconds(1);
  for (int i = 0; i < 10; ++i) CHECK(f.feed(message(user, 100 + i)).empty());
  CHECK(error_condition(f.feed(presence).at(0)) == Condition::resource_constraint);
}
