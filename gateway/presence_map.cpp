#include "gateway/presence_map.hpp"

#include <vector>

namespace gw {

XmppPresence to_xmpp(msnp::Status status) {
  using S = msnp::Status;
  switch (status) {
    case S::online: return {true, ""};
    case S::away:
    case S::be_right_back:
    case S::out_to_lunch: return {true, "away"};
    case S::idle: return {true, "xa"};
    case S::busy:
    case S::on_phone: return {true, "dnd"};
    case S::hidden:
    case S::offline: return {false, ""};
  }
  return {false, ""};
}

msnp::Status to_msn(std::string_view show) {
  if (show == "away") return msnp::Status::away;
  if (show == "xa") return msnp::Status::idle;
  if (show == "dnd") return msnp::Status::busy;
  return msnp::Status::online;
}

std::string describe_current_media(std::string_view media) {
  // Fields are separated by the two characters backslash-zero: app, type, enabled, format, args.
  std::vector<std::string_view> parts;
  for (std::size_t from = 0;;) {
    const auto at = media.find("\\0", from);
    parts.push_back(media.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) break;
    from = at + 2;
  }
  if (parts.size() < 5 || parts[1] != "Music" || parts[2] != "1" || parts[4].empty()) return {};
  const std::string_view title = parts[4];
  const std::string_view artist = parts.size() > 5 ? parts[5] : std::string_view{};
  std::string out = "\u266B ";
  if (!artist.empty()) out.append(artist).append(" - ");
  out.append(title);
  return out;
}

std::string status_text(std::string_view psm, std::string_view current_media) {
  const std::string media = describe_current_media(current_media);
  if (media.empty()) return std::string(psm);
  if (psm.empty()) return media;
  return std::string(psm) + " " + media;
}

}  // namespace gw
