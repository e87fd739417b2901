#pragma once
// XEP-0004 data forms: the registration form (XEP-0077 section 5) and, later, ad-hoc commands.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xmpp/stanza.hpp"

namespace xmpp {

struct FormField {
  std::string var;
  std::string type;  // text-single, text-private, hidden, boolean, … ("" = text-single)
  std::string label;
  std::vector<std::string> values;
  bool required = false;
};

class DataForm {
 public:
  DataForm() = default;
  explicit DataForm(std::string_view type) : type_(type) {}

  // nullopt unless `x` is <x xmlns='jabber:x:data'> with a type.
  static std::optional<DataForm> parse(const Stanza& x);
  Stanza to_stanza() const;

  const std::string& type() const { return type_; }
  DataForm& set_title(std::string_view t);
  DataForm& set_instructions(std::string_view i);
  DataForm& add_field(FormField f);
  // XEP-0068: the hidden FORM_TYPE field that says which form this is.
  DataForm& set_form_type(std::string_view ns);

  const std::string& title() const { return title_; }
  const std::string& instructions() const { return instructions_; }
  const std::vector<FormField>& fields() const { return fields_; }
  const FormField* field(std::string_view var) const;
  // First value of a field, "" when absent.
  std::string value(std::string_view var) const;
  std::string form_type() const { return value("FORM_TYPE"); }

 private:
  std::string type_;
  std::string title_;
  std::string instructions_;
  std::vector<FormField> fields_;
};

}  // namespace xmpp
