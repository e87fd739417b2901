#include "xmpp/data_form.hpp"

#include "xmpp/ns.hpp"

namespace xmpp {

std::optional<DataForm> DataForm::parse(const Stanza& x) {
  if (x.name() != "x" || x.ns() != ns::data_forms || x.type().empty()) return std::nullopt;
  DataForm f{x.type()};
  for (const auto& c : x.children()) {
    if (c.name() == "title") {
      f.title_ = c.text();
    } else if (c.name() == "instructions") {
      f.instructions_ = c.text();
    } else if (c.name() == "field") {
      FormField field{std::string{c.attr("var")}, std::string{c.attr("type")}, std::string{c.attr("label")}, {}, false};
      for (const auto& v : c.children()) {
        if (v.name() == "value") field.values.push_back(v.text());
        if (v.name() == "required") field.required = true;
      }
      f.fields_.push_back(std::move(field));
    }
  }
  return f;
}

Stanza DataForm::to_stanza() const {
  Stanza x{"x", ns::data_forms};
  x.set_attr("type", type_);
  if (!title_.empty()) x.add("title").set_text(title_);
  if (!instructions_.empty()) x.add("instructions").set_text(instructions_);
  for (const auto& f : fields_) {
    Stanza& field = x.add("field");
    if (!f.var.empty()) field.set_attr("var", f.var);
    if (!f.type.empty()) field.set_attr("type", f.type);
    if (!f.label.empty()) field.set_attr("label", f.label);
    if (f.required) field.add("required");
    for (const auto& v : f.values) field.add("value").set_text(v);
  }
  return x;
}

DataForm& DataForm::set_title(std::string_view t) {
  title_ = t;
  return *this;
}

DataForm& DataForm::set_instructions(std::string_view i) {
  instructions_ = i;
  return *this;
}

DataForm& DataForm::add_field(FormField f) {
  fields_.push_back(std::move(f));
  return *this;
}

DataForm& DataForm::set_form_type(std::string_view form_ns) {
  return add_field({"FORM_TYPE", "hidden", {}, {std::string{form_ns}}, false});
}

const FormField* DataForm::field(std::string_view var) const {
  for (const auto& f : fields_)
    if (f.var == var) return &f;
  return nullptr;
}

std::string DataForm::value(std::string_view var) const {
  const FormField* f = field(var);
  return f && !f->values.empty() ? f->values.front() : std::string{};
}

}  // namespace xmpp
