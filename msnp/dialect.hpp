#pragma once
// MSNP protocol versions and the per-version facts the sessions need (MSNP.md
// "Feature deltas" and Appendix C). Version differences live here, behind the
// dialect, so that adding MSNP18 (SSO, ADL/RML, `1:email` handles, machine GUID)
// means filling in a traits row, not hunting for scattered ifs.
#include <optional>
#include <string_view>

namespace msnp {

enum class Dialect { msnp8, msnp11, msnp12, msnp15, msnp18 };

enum class AuthMethod { twn, sso };            // TWN = Passport 1.4 (MSNP8-14), SSO = RST+MBI (15+)
enum class ListSync { syn_versioned, syn_abch, soap_adl };  // MSNP.md 4.2 / 4.3 / 4.4
enum class ChallengeAlgorithm { md5, msnp11 };  // MSNP.md 3.2 / 3.3

struct DialectTraits {
  std::string_view ver_token;        // as written in VER: "MSNP12"
  AuthMethod auth;
  ListSync list_sync;
  ChallengeAlgorithm challenge;
  bool usr_ok_has_friendly_name;     // MSNP8/9: `USR t OK email friendly verified 0`
  bool has_personal_message;         // UUX/UBX, MSNP11+
  bool has_network_id_in_presence;   // NLN/FLN carry a network id (MSNP14+)
  bool handles_have_network_prefix;  // `1:email` (MSNP18)
  bool sb_caps_in_joi;               // JOI/IRO carry caps (MSNP12+)
  bool sb_handle_has_machine_guid;   // SB USR/ANS `email;{guid}` (MSNP16+)
  bool caps_have_extended_part;      // CHG/NLN `caps:ext` (MSNP16+)
  bool chg_sends_msnobj_field;       // CHG trid st caps <msnobj or 0> (MSNP9+)
  bool implemented;                  // NsSession/SbSession can run this dialect today
  std::string_view default_product_id;   // challenge product (MSNP.md 3.2/3.4)
  std::string_view default_product_key;
};

constexpr DialectTraits traits(Dialect d) {
  switch (d) {
    case Dialect::msnp8:
      return {"MSNP8", AuthMethod::twn, ListSync::syn_versioned, ChallengeAlgorithm::md5,
              true, false, false, false, false, false, false, false, false,
              "PROD0038W!61ZTF9", "VT6PX?UQTM4WM%YR"};
    case Dialect::msnp11:
      return {"MSNP11", AuthMethod::twn, ListSync::syn_abch, ChallengeAlgorithm::msnp11,
              false, true, false, false, false, false, false, true, true,
              "PROD0090YUAUV{2B", "YMM8C_H7KCQ2S_KL"};
    case Dialect::msnp12:
      return {"MSNP12", AuthMethod::twn, ListSync::syn_abch, ChallengeAlgorithm::msnp11,
              false, true, false, false, true, false, false, true, true,
              "PROD0101{0RM?UBW", "CFHUR$52U_{VIX5T"};
    case Dialect::msnp15:
      return {"MSNP15", AuthMethod::sso, ListSync::soap_adl, ChallengeAlgorithm::msnp11,
              false, true, true, false, true, false, false, true, false,
              "PROD0119GSJUC$18", "ILTXC!4IXB5FB*PX"};
    case Dialect::msnp18:
      return {"MSNP18", AuthMethod::sso, ListSync::soap_adl, ChallengeAlgorithm::msnp11,
              false, true, false, true, true, true, true, true, false,
              "PROD0120PW!CCV9@", "C1BX{V4W}Q3*10SM"};
  }
  return traits(Dialect::msnp12);
}

constexpr std::string_view ver_token(Dialect d) { return traits(d).ver_token; }

// The dialect named by a VER reply token ("MSNP12"); nullopt for "0" (no common
// version) or anything we do not know.
constexpr std::optional<Dialect> dialect_from_token(std::string_view token) {
  for (Dialect d : {Dialect::msnp8, Dialect::msnp11, Dialect::msnp12, Dialect::msnp15,
                    Dialect::msnp18}) {
    if (ver_token(d) == token) return d;
  }
  return std::nullopt;
}

}  // namespace msnp
