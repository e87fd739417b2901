#pragma once
// A small logging facade: one line per event on stderr, "level component user=... message".
// Why not a library: we need four things (level, component, user, message) and a rule that
// passwords and tickets never reach it; callers pass already-masked values (see mask()).
// msnp_core never logs; it returns events and the adapters log them.
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace gw::log {

enum class Level { trace, debug, info, warn, error, off };

std::optional<Level> parse_level(std::string_view name);
std::string_view level_name(Level level);

void set_level(Level level);
Level level();
inline bool enabled(Level l) { return l >= level(); }

// Where an event happened: a component ("msnp.ns", "xmpp", "gw.session") and, when the event
// concerns one registered user, their bare JID.
struct Where {
  Where(const char* c) : component(c) {}
  Where(std::string_view c) : component(c) {}
  Where(std::string_view c, std::string_view u) : component(c), user(u) {}
  std::string_view component;
  std::string_view user;
};

void write(Level level, Where where, std::string_view message);

// Replaces a secret by a fixed marker that still shows whether it was empty.
inline std::string_view mask(std::string_view secret) { return secret.empty() ? "<empty>" : "<hidden>"; }

template <class... A>
void at(Level l, Where w, fmt::format_string<A...> f, A&&... a) {
  if (enabled(l)) write(l, w, fmt::format(f, std::forward<A>(a)...));
}
template <class... A> void trace(Where w, fmt::format_string<A...> f, A&&... a) { at(Level::trace, w, f, std::forward<A>(a)...); }
template <class... A> void debug(Where w, fmt::format_string<A...> f, A&&... a) { at(Level::debug, w, f, std::forward<A>(a)...); }
template <class... A> void info(Where w, fmt::format_string<A...> f, A&&... a) { at(Level::info, w, f, std::forward<A>(a)...); }
template <class... A> void warn(Where w, fmt::format_string<A...> f, A&&... a) { at(Level::warn, w, f, std::forward<A>(a)...); }
template <class... A> void error(Where w, fmt::format_string<A...> f, A&&... a) { at(Level::error, w, f, std::forward<A>(a)...); }

}  // namespace gw::log
