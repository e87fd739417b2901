#include "msnp/im_format.hpp"

#include <catch2/catch.hpp>

TEST_CASE("X-MMS-IM-Format is parsed into typed fields", "[msnp][format]") {
  const auto f = msnp::parse_im_format("FN=Segoe%20UI; EF=BIS; CO=ff00; CS=0; PF=22; RL=1");
  CHECK(f.font == "Segoe UI");
  CHECK(f.bold);
  CHECK(f.italic);
  CHECK_FALSE(f.underline);
  CHECK(f.strikethrough);
  CHECK(f.color_bgr == 0xff00);
  CHECK(f.charset == "0");
  CHECK(f.pitch_family == "22");
  CHECK(f.right_to_left);
}

TEST_CASE("X-MMS-IM-Format parsing is lenient", "[msnp][format]") {
  const auto f = msnp::parse_im_format("EF=;CO=zz;junk;FN=MS%20Sans%20Serif;XX=1");
  CHECK(f.font == "MS Sans Serif");
  CHECK(f.color_bgr == 0);
  CHECK_FALSE(f.bold);
  CHECK(msnp::parse_im_format("") == msnp::TextFormat{});
}

TEST_CASE("X-MMS-IM-Format is written like the transcript", "[msnp][format]") {
  msnp::TextFormat f;
  f.font = "Segoe UI";
  f.charset = "1";
  CHECK(msnp::format_im_format(f) == "FN=Segoe%20UI; EF=; CO=0; CS=1; PF=0");
  f.bold = f.underline = true;
  f.color_bgr = 0xff;
  CHECK(msnp::format_im_format(f) == "FN=Segoe%20UI; EF=BU; CO=ff; CS=1; PF=0");
  CHECK(msnp::parse_im_format(msnp::format_im_format(f)) == f);
}

TEST_CASE("X-MMS-IM-Format CS and PF are hex or nothing (fuzz_msnp_message finding)", "[msnp][format][fuzz]") {
  // PF kept "\r\n" raw and wrote it back into the header: a second, empty line that ended
  // the MIME headers early and made the rest of the headers part of the message body.
  const auto f = msnp::parse_im_format("PF=\r\n");
  CHECK(f.pitch_family == "0");
  CHECK(msnp::parse_im_format(msnp::format_im_format(f)) == f);
  msnp::TextFormat evil;
  evil.charset = "0\r\n\r\nX-Injected: 1";
  evil.pitch_family = "22; RL=1";
  const auto header = msnp::format_im_format(evil);
  CHECK(header == "FN=; EF=; CO=0; CS=0; PF=0");
  CHECK(msnp::parse_im_format("CS=86; PF=22").charset == "86");
  CHECK(msnp::parse_im_format("CS=86; PF=22").pitch_family == "22");
}

TEST_CASE("a ';' in the font name stays encoded (fuzz_msnp_message finding)", "[msnp][format][fuzz]") {
  // FN=Segoe%3BL decodes to "Segoe;L"; written back raw, the ';' ended the field and "L"
  // became a field of its own (a contact could add fields to the header that way).
  const auto f = msnp::parse_im_format("FN=Segoe%3B%20CO=ff; EF=B");
  CHECK(f.font == "Segoe; CO=ff");
  CHECK(msnp::format_im_format(f) == "FN=Segoe%3B%20CO=ff; EF=B; CO=0; CS=0; PF=0");
  CHECK(msnp::parse_im_format(msnp::format_im_format(f)) == f);
}
