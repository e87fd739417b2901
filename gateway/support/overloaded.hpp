#pragma once
// The usual visitor helper for std::visit over the sessions' output variants:
//   std::visit(gw::Overloaded{[](const A&) {...}, [](const auto&) {}}, output);

namespace gw {

template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;

}  // namespace gw
