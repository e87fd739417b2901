// libFuzzer target: the MSNP payload parsers a contact controls (msnp/message.hpp MIME and
// classification, im_format.hpp X-MMS-IM-Format, personal_message.hpp UBX XML,
// url_encoding.hpp): reached through the session targets too, but here 10x faster.
// Input: [selector] then text. Invariants: url/XML escaping round-trips; a parsed format
// prints to a header that parses back to it; split_utf8 loses nothing, respects the limit and
// never cuts a valid UTF-8 text inside a sequence; a text payload we build classifies back to
// the same text and format.
#include "msnp/codec.hpp"
#include "msnp/utf8.hpp"
#include "msnp/im_format.hpp"
#include "msnp/message.hpp"
#include "msnp/personal_message.hpp"
#include "msnp/url_encoding.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz::Input in{data, size};
  const auto selector = in.byte();
  const auto text = in.rest();

  const auto mime = msnp::parse_mime(text);
  (void)mime.content_type();
  const auto content = msnp::classify(mime);
  (void)content;

  FUZZ_CHECK(msnp::url_decode(msnp::url_encode(text)) == msnp::to_valid_utf8(text));
  FUZZ_CHECK(msnp::xml_unescape(msnp::xml_escape(text)) == text);
  (void)msnp::url_decode(text);
  (void)msnp::xml_unescape(text);

  const auto format = msnp::parse_im_format(text);
  FUZZ_CHECK(msnp::parse_im_format(msnp::format_im_format(format)) == format);

  // Whatever the bytes, what msnp hands the gateway is UTF-8 (XMPP and PostgreSQL take no other).
  const auto repaired = msnp::to_valid_utf8(text);
  FUZZ_CHECK(msnp::is_valid_utf8(repaired));
  FUZZ_CHECK(msnp::is_valid_utf8(text) == (repaired == text));
  FUZZ_CHECK(msnp::is_valid_utf8(msnp::url_decode(text)));
  FUZZ_CHECK(msnp::is_valid_utf8(msnp::classify(msnp::parse_mime(text)).text));

  const auto ubx = msnp::parse_ubx_payload(text);
  FUZZ_CHECK(msnp::is_valid_utf8(ubx.psm) && msnp::is_valid_utf8(ubx.current_media));
  FUZZ_CHECK(msnp::parse_ubx_payload(msnp::build_uux_payload({ubx.psm, {}})).psm == ubx.psm);

  const std::size_t limit = selector;
  const auto pieces = msnp::split_utf8(text, limit);
  std::string joined;
  for (const auto& p : pieces) {
    FUZZ_CHECK(p.size() <= std::max<std::size_t>(limit, 4));
    if (msnp::is_valid_utf8(text)) FUZZ_CHECK(msnp::is_valid_utf8(p));
    joined += p;
  }
  FUZZ_CHECK(joined == text);

  if (msnp::is_valid_utf8(text)) {
    const auto payload = msnp::build_text_payload(text, (selector & 1) ? std::optional{format} : std::nullopt);
    const auto back = msnp::classify(msnp::parse_mime(payload));
    FUZZ_CHECK(back.kind == msnp::ContentKind::text);
    FUZZ_CHECK(back.text == text);
  }
  return 0;
}
