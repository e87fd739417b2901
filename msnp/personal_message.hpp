#pragma once
// The UUX/UBX `<Data>` document (MSNP.md 5.5): personal message (PSM) and
// CurrentMedia. Only the two fields MSNP11/12 define are read; servers escape
// text differently per version (named entities in 11/12, numeric references from
// 13), so decoding accepts both.
#include <string>
#include <string_view>

namespace msnp {

struct PersonalMessageData {
  std::string psm;             // plain text, entities decoded
  std::string current_media;   // raw `\0`-separated fields as sent (MSNP.md 5.5)
  bool operator==(const PersonalMessageData&) const = default;
};

// `<Data><PSM>..</PSM><CurrentMedia>..</CurrentMedia></Data>`, text XML-escaped.
std::string build_uux_payload(const PersonalMessageData& d);
// Lenient: missing elements are empty, an empty payload means "nothing set".
PersonalMessageData parse_ubx_payload(std::string_view xml);

std::string xml_escape(std::string_view text);
// Named (&amp; &lt; &gt; &quot; &apos;) and numeric (&#38; &#x26;) references;
// unknown or malformed references are kept literally.
std::string xml_unescape(std::string_view text);

}  // namespace msnp
