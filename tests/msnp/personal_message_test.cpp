#include "msnp/personal_message.hpp"

#include <catch2/catch.hpp>

TEST_CASE("UUX payload is built with escaped text", "[msnp][psm]") {
  CHECK(msnp::build_uux_payload({}) == "<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>");
  CHECK(msnp::build_uux_payload({"Tom & Jerry <3", ""}) ==
        "<Data><PSM>Tom &amp; Jerry &lt;3</PSM><CurrentMedia></CurrentMedia></Data>");
}

TEST_CASE("UBX payloads of every escaping style are read", "[msnp][psm]") {
  CHECK(msnp::parse_ubx_payload("<Data><PSM></PSM><CurrentMedia></CurrentMedia></Data>") ==
        msnp::PersonalMessageData{});
  CHECK(msnp::parse_ubx_payload("<Data><PSM>a &amp; b</PSM></Data>").psm == "a & b");
  CHECK(msnp::parse_ubx_payload("<Data><PSM>a &#x26; b &#60;3 &#x2713;</PSM></Data>").psm == "a & b <3 ✓");
  CHECK(msnp::parse_ubx_payload("<Data><PSM>&bogus; &#xD800; &#;</PSM></Data>").psm == "&bogus; &#xD800; &#;");
  const auto media = msnp::parse_ubx_payload(
      "<Data><PSM>hi</PSM><CurrentMedia>\\0Music\\01\\0{0} - {1}\\0Song\\0Artist\\0\\0</CurrentMedia>"
      "<MachineGuid>{X}</MachineGuid></Data>");
  CHECK(media.psm == "hi");
  CHECK(media.current_media == "\\0Music\\01\\0{0} - {1}\\0Song\\0Artist\\0\\0");
  CHECK(msnp::parse_ubx_payload("") == msnp::PersonalMessageData{});
  CHECK(msnp::parse_ubx_payload("<Data><PSM>unterminated").psm.empty());
  CHECK(msnp::parse_ubx_payload("<Data><PSM>A\xff</PSM><CurrentMedia>\xc0</CurrentMedia></Data>") ==
        msnp::PersonalMessageData{"A\uFFFD", "\uFFFD"});
}

TEST_CASE("XML escaping round-trips", "[msnp][psm]") {
  const std::string s = "<a href=\"x\">'&'</a> ✓";
  CHECK(msnp::xml_unescape(msnp::xml_escape(s)) == s);
}
