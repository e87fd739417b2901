#include "gateway/presence_map.hpp"

#include <catch2/catch.hpp>

using msnp::Status;

TEST_CASE("Messenger statuses map to XMPP shows", "[presence]") {
  CHECK(gw::to_xmpp(Status::online) == gw::XmppPresence{true, ""});
  CHECK(gw::to_xmpp(Status::away) == gw::XmppPresence{true, "away"});
  CHECK(gw::to_xmpp(Status::be_right_back) == gw::XmppPresence{true, "away"});
  CHECK(gw::to_xmpp(Status::out_to_lunch) == gw::XmppPresence{true, "away"});
  CHECK(gw::to_xmpp(Status::idle) == gw::XmppPresence{true, "xa"});
  CHECK(gw::to_xmpp(Status::busy) == gw::XmppPresence{true, "dnd"});
  CHECK(gw::to_xmpp(Status::on_phone) == gw::XmppPresence{true, "dnd"});
  CHECK_FALSE(gw::to_xmpp(Status::offline).available);
  CHECK_FALSE(gw::to_xmpp(Status::hidden).available);
}

TEST_CASE("XMPP shows map back and survive the round trip", "[presence]") {
  CHECK(gw::to_msn("") == Status::online);
  CHECK(gw::to_msn("chat") == Status::online);
  CHECK(gw::to_msn("away") == Status::away);
  CHECK(gw::to_msn("xa") == Status::idle);
  CHECK(gw::to_msn("dnd") == Status::busy);
  CHECK(gw::to_msn("bogus") == Status::online);
  for (auto show : {"", "away", "xa", "dnd"}) CHECK(gw::to_xmpp(gw::to_msn(show)).show == show);
}

TEST_CASE("current media shows as what is playing", "[presence]") {
  const std::string media = "\\0Music\\01\\0{0} - {1}\\0Song Title\\0Artist\\0Album\\0\\0";
  CHECK(gw::describe_current_media(media) == "\u266B Artist - Song Title");
  CHECK(gw::describe_current_media("\\0Music\\00\\0{0}\\0Song\\0\\0") == "");  // disabled
  CHECK(gw::describe_current_media("\\0Games\\01\\0{0}\\0Halo\\0") == "");
  CHECK(gw::describe_current_media("garbage") == "");
  CHECK(gw::status_text("at work", media) == "at work \u266B Artist - Song Title");
  CHECK(gw::status_text("", media) == "\u266B Artist - Song Title");
  CHECK(gw::status_text("at work", "") == "at work");
}
