#include "msnp/net/wire_mask.hpp"

#include <catch2/catch.hpp>

using msnp::net::mask_wire_line;
using msnp::net::WireSide;

TEST_CASE("wire dumps hide tickets and cookies", "[msnp_net][wire_mask]") {
  constexpr auto ns = WireSide::notification;
  constexpr auto sb = WireSide::switchboard;
  // transcripts/msnp12.txt lines.
  CHECK(mask_wire_line("USR 4 TWN S 70625694be13e2060747\r\n", ns) == "USR 4 TWN S <hidden>");
  CHECK(mask_wire_line("USR 4 TWN S t=abc&p=def", ns) == "USR 4 TWN S <hidden>");
  CHECK(mask_wire_line("USR 3 TWN I alice@example.com", ns) == "USR 3 TWN I alice@example.com");
  CHECK(mask_wire_line("USR 4 OK alice@example.com 1 0", ns) == "USR 4 OK alice@example.com 1 0");
  CHECK(mask_wire_line("USR 4 SSO S t=x blob {guid}", ns) == "USR 4 SSO S <hidden> <hidden> <hidden>");
  CHECK(mask_wire_line("XFR 9 SB 127.0.0.1:1864 CKI 31f9b82d005ac035ebcd", ns) == "XFR 9 SB 127.0.0.1:1864 CKI <hidden>");
  CHECK(mask_wire_line("XFR 3 NS 10.0.0.1:1863 0 10.0.0.2:1863", ns) == "XFR 3 NS 10.0.0.1:1863 0 10.0.0.2:1863");
  CHECK(mask_wire_line("RNG 6865df8c 127.0.0.1:1864 CKI 60fde76648b09ce40d03 alice@example.com alice@example.com", ns) ==
        "RNG 6865df8c 127.0.0.1:1864 CKI <hidden> alice@example.com alice@example.com");
  CHECK(mask_wire_line("USR 1 alice@example.com 31f9b82d005ac035ebcd", sb) == "USR 1 alice@example.com <hidden>");
  CHECK(mask_wire_line("USR 1 OK alice@example.com alice@example.com", sb) == "USR 1 OK alice@example.com alice@example.com");
  CHECK(mask_wire_line("ANS 1 bob@example.com 60fde76648b09ce40d03 6865df8c", sb) == "ANS 1 bob@example.com <hidden> 6865df8c");
  CHECK(mask_wire_line("ANS 1 OK", sb) == "ANS 1 OK");
  CHECK(mask_wire_line("MSG 3 A 168", sb) == "MSG 3 A 168");
  CHECK(mask_wire_line("", ns) == "");
  CHECK(mask_wire_line("USR", sb) == "USR");
}
