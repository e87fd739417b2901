#include <catch2/catch.hpp>

#include "xmpp/data_form.hpp"
#include "xmpp/errors.hpp"
#include "xmpp/ns.hpp"

using namespace xmpp;

TEST_CASE("errors: RFC 6120 error reply to an iq", "[xmpp][errors]") {
  const auto iq = *Stanza::parse(
      "<iq type='get' id='q1' from='u@h/r' to='gw.test'><query xmlns='urn:example:unknown'/></iq>");
  const Stanza e = make_error(iq, Condition::service_unavailable, "nope");
  CHECK(e.type() == "error");
  CHECK(e.id() == "q1");
  CHECK(e.from() == "gw.test");
  CHECK(e.to() == "u@h/r");
  CHECK(e.child("query", "urn:example:unknown"));  // payload echoed
  const Stanza* err = e.child("error");
  REQUIRE(err);
  CHECK(err->attr("type") == "cancel");
  CHECK(err->child("service-unavailable", ns::stanzas));
  CHECK(err->child_text("text", ns::stanzas) == "nope");
  CHECK(error_condition(e) == Condition::service_unavailable);
  // the serialised form parses back to the same condition
  CHECK(error_condition(*Stanza::parse(e.to_string())) == Condition::service_unavailable);
}

TEST_CASE("errors: condition names and default types", "[xmpp][errors]") {
  CHECK(condition_name(Condition::jid_malformed) == "jid-malformed");
  CHECK(default_error_type(Condition::jid_malformed) == ErrorType::modify);
  CHECK(default_error_type(Condition::not_authorized) == ErrorType::auth);
  CHECK(default_error_type(Condition::feature_not_implemented) == ErrorType::cancel);
  CHECK(default_error_type(Condition::resource_constraint) == ErrorType::wait);
  for (int c = 0; c <= static_cast<int>(Condition::unexpected_request); ++c) {
    const auto cond = static_cast<Condition>(c);
    CHECK(parse_condition(condition_name(cond)) == cond);
  }
  CHECK_FALSE(parse_condition("made-up"));
}

TEST_CASE("errors: errors and results are never answered", "[xmpp][errors]") {
  CHECK_FALSE(may_answer_with_error(*Stanza::parse("<message type='error'/>")));
  CHECK_FALSE(may_answer_with_error(*Stanza::parse("<iq type='result' id='1'/>")));
  CHECK(may_answer_with_error(*Stanza::parse("<iq type='get' id='1'/>")));
  CHECK(may_answer_with_error(*Stanza::parse("<presence/>")));
  const auto m = *Stanza::parse("<message from='a@b' to='c@d' id='m'><body>x</body></message>");
  const auto e = make_error(m, Condition::jid_malformed);
  CHECK(e.child("body") == nullptr);  // only iq payloads are echoed
  CHECK(e.child("error")->attr("type") == "modify");
}

TEST_CASE("data form: built and parsed", "[xmpp][data-form]") {
  DataForm f{"form"};
  f.set_title("T").set_instructions("I").set_form_type(ns::register_);
  f.add_field({"username", "text-single", "MSN address", {"bob@example.com"}, true});
  f.add_field({"password", "text-private", "Password", {}, true});
  const auto parsed = DataForm::parse(*Stanza::parse(f.to_stanza().to_string()));
  REQUIRE(parsed);
  CHECK(parsed->type() == "form");
  CHECK(parsed->title() == "T");
  CHECK(parsed->instructions() == "I");
  CHECK(parsed->form_type() == ns::register_);
  CHECK(parsed->value("username") == "bob@example.com");
  REQUIRE(parsed->field("password"));
  CHECK(parsed->field("password")->type == "text-private");
  CHECK(parsed->field("password")->required);
  CHECK(parsed->value("missing").empty());
  CHECK_FALSE(DataForm::parse(*Stanza::parse("<x xmlns='jabber:x:data'/>")));  // no type
  CHECK_FALSE(DataForm::parse(*Stanza::parse("<x xmlns='urn:other' type='submit'/>")));
}
