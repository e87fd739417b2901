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
  std::unique_ptr<Service> service;
  explicit Fixture(std::vector<std::string> allowed = {}) {
    ServiceSettings s;
    s.domain = "msn.test";
    s.allowed_domains = std::move(allowed);
    service = std::make_unique<Service>(s, sink, backend, events);
  }
  std::vector<Stanza> feed(const std::string& xml) {
    service->handle(*Stanza::parse(xml));
    return sink.take();
  }
};

std::string reg(const std::string& type, const std::string& body, const std::string& from = "alice@example.org/r") {
  return "<iq type='" + type + "' id='r1' from='" + from + "' to='msn.test'><query xmlns='jabber:iq:register'>" + body +
         "</query></iq>";
}

}  // namespace

TEST_CASE("register: the form for a new user", "[xmpp][register]") {
  Fixture f;
  auto out = f.feed(reg("get", ""));
  REQUIRE(out.size() == 1);
  const Stanza* q = out[0].child("query", ns::register_);
  REQUIRE(q);
  CHECK_FALSE(q->child("registered"));
  CHECK(q->child("username"));
  CHECK(q->child("password"));
  CHECK_FALSE(q->child_text("instructions").empty());
  const auto form = DataForm::parse(*q->child("x", ns::data_forms));
  REQUIRE(form);
  CHECK(form->type() == "form");
  CHECK(form->form_type() == ns::register_);
  CHECK(form->field("username")->required);
  CHECK(form->field("password")->type == "text-private");
}

TEST_CASE("register: legacy fields, then change, then remove", "[xmpp][register]") {
  Fixture f;
  auto out = f.feed(reg("set", "<username>Alice@Hotmail.com</username><password>s3cret</password>"));
  REQUIRE(out.size() == 3);
  CHECK(out[0].type() == "result");
  CHECK(out[0].id() == "r1");
  CHECK(out[1].name() == "presence");
  CHECK(out[1].type() == "subscribe");  // XEP-0100: the gateway subscribes to the user
  CHECK(out[1].to() == "alice@example.org");
  CHECK(out[2].type().empty());         // and shows itself available, with caps
  CHECK(out[2].child("c", ns::caps));
  CHECK(f.backend.users.at("alice@example.org") == std::make_pair(std::string{"alice@hotmail.com"}, std::string{"s3cret"}));
  CHECK(f.events.log.back() == "registered alice@example.org alice@hotmail.com new");

  out = f.feed(reg("get", ""));
  const Stanza* q = out.at(0).child("query");
  CHECK(q->child("registered"));
  CHECK(q->child_text("username") == "alice@hotmail.com");
  CHECK(DataForm::parse(*q->child("x", ns::data_forms))->value("username") == "alice@hotmail.com");

  out = f.feed(reg("set", "<username>alice@hotmail.com</username><password>n3w</password>"));
  REQUIRE(out.size() == 1);  // a password change: no new subscription
  CHECK(out[0].type() == "result");
  CHECK(f.backend.users.at("alice@example.org").second == "n3w");
  CHECK(f.events.log.back() == "registered alice@example.org alice@hotmail.com changed");

  f.backend.contacts["alice@example.org"] = {"bob@example.com"};
  out = f.feed(reg("set", "<remove/>"));
  REQUIRE(out.size() == 7);
  CHECK(out[0].type() == "result");
  CHECK(f.backend.users.empty());
  std::vector<std::string> seen;
  for (std::size_t i = 1; i < out.size(); ++i) seen.push_back(std::string{out[i].from()} + " " + std::string{out[i].type()});
  CHECK(seen == std::vector<std::string>{"bob%example.com@msn.test unsubscribe", "bob%example.com@msn.test unsubscribed",
                                         "bob%example.com@msn.test unavailable", "msn.test unsubscribe",
                                         "msn.test unsubscribed", "msn.test unavailable"});
  CHECK(f.events.log.back() == "unregistered alice@example.org");

  out = f.feed(reg("set", "<remove/>"));
  CHECK(error_condition(out.at(0)) == Condition::registration_required);
}

TEST_CASE("register: data form submission", "[xmpp][register]") {
  Fixture f;
  DataForm form{"submit"};
  form.set_form_type(ns::register_);
  form.add_field({"username", "", "", {"carol@example.net"}, false});
  form.add_field({"password", "", "", {"pw"}, false});
  // the legacy fields are ignored when a form is present (XEP-0077 section 6)
  auto out = f.feed(reg("set", "<username>ignored@example.net</username>" + form.to_stanza().to_string()));
  CHECK(out.at(0).type() == "result");
  CHECK(f.backend.users.at("alice@example.org").first == "carol@example.net");

  out = f.feed(reg("set", "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:other</value></field></x>"));
  CHECK(error_condition(out.at(0)) == Condition::bad_request);
}

TEST_CASE("register: refusals", "[xmpp][register]") {
  Fixture f;
  auto out = f.feed(reg("set", "<username>alice@hotmail.com</username>"));
  CHECK(error_condition(out.at(0)) == Condition::not_acceptable);
  out = f.feed(reg("set", "<username>no address</username><password>x</password>"));
  CHECK(error_condition(out.at(0)) == Condition::not_acceptable);
  f.backend.register_status = RegistrationStatus::rejected_credentials;
  out = f.feed(reg("set", "<username>alice@hotmail.com</username><password>bad</password>"));
  CHECK(error_condition(out.at(0)) == Condition::not_authorized);
  f.backend.register_status = RegistrationStatus::unavailable;
  out = f.feed(reg("set", "<username>alice@hotmail.com</username><password>x</password>"));
  CHECK(error_condition(out.at(0)) == Condition::internal_server_error);
  CHECK(out.at(0).child("error")->attr("type") == "wait");
  CHECK(f.backend.users.empty());
  CHECK(f.events.log.empty());
}

TEST_CASE("register: only allowed domains", "[xmpp][register]") {
  Fixture f{{"example.org"}};
  CHECK(f.feed(reg("get", "")).at(0).type() == "result");
  auto out = f.feed(reg("get", "", "mallory@evil.test/x"));
  CHECK(error_condition(out.at(0)) == Condition::forbidden);
}

TEST_CASE("register: answers that arrive after the service is gone are dropped", "[xmpp][register]") {
  Fixture f;
  f.backend.deferred = true;
  f.feed(reg("set", "<username>alice@hotmail.com</username><password>x</password>"));
  f.feed(reg("get", ""));
  CHECK(f.sink.sent.empty());
  f.service.reset();
  f.backend.run_pending();  // must not touch the destroyed service
  CHECK(f.sink.sent.empty());
}

TEST_CASE("register: absurd addresses are refused and another user is unaffected", "[xmpp][register][hostile]") {
  Fixture f;
  const std::string huge(100000, 'a');
  for (const std::string& absurd :
       {huge + "@hotmail.com", "alice@" + huge + ".com", std::string("a&amp;b@hotmail.com"), std::string("a\tb@hotmail.com"),
        std::string("alice@hotmail.com\r\nOUT"), std::string("al ice@hotmail.com"), std::string("\xc3\xa9l\xc3\xa8ve@hotmail.com"),
        std::string("alice@@hotmail.com"), std::string("alice@hotmail"), std::string("alice@hotmail..com"),
        std::string(".alice@hotmail.com"), std::string("alice@-hotmail.com"), std::string(255 - 12, 'b') + "@hotmail.com"}) {
    INFO(absurd.substr(0, 40));
    const auto out = f.feed(reg("set", "<username>" + xml_escape(absurd) + "</username><password>x</password>",
                                "mallory@example.org/r"));
    REQUIRE(out.size() == 1);
    CHECK(error_condition(out[0]) == Condition::not_acceptable);
    CHECK(out[0].id() == "r1");
  }
  CHECK(f.backend.users.empty());
  CHECK(f.events.log.empty());
  // The longest address RFC 5321 allows still registers, and so does another user.
  const std::string longest = std::string(254 - 12, 'b') + "@hotmail.com";
  auto out = f.feed(reg("set", "<username>" + longest + "</username><password>x</password>", "mallory@example.org/r"));
  CHECK(out.at(0).type() == "result");
  out = f.feed(reg("set", "<username>alice@hotmail.com</username><password>x</password>"));
  CHECK(out.at(0).type() == "result");
  CHECK(f.backend.users.size() == 2);
  CHECK(f.backend.users.at("alice@example.org").first == "alice@hotmail.com");
}
