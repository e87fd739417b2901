// The server's MSNP11 challenge implementation against MSNP.md 3.5's vectors.
#include <catch2/catch.hpp>

#include "tests/msnp_server/challenge.hpp"

using msnp_server::msnp11_challenge_answer;
using msnp_server::product_key_for;

TEST_CASE("MSNP11 challenge answers match the published vectors", "[server][challenge]") {
  struct Vector {
    const char* challenge;
    const char* product;
    const char* answer;
  };
  const Vector vectors[] = {
      {"22210219642164014968", "PROD0090YUAUV{2B", "85ecb0db8f32113df79ce0892b9a102c"},
      {"36819795137093047918", "PROD0090YUAUV{2B", "e7ad3cb09d3e9e4e7c720175984809e9"},
      {"21948129323261853323", "PROD0090YUAUV{2B", "59bcf63ed21f44906c3d3e121ddbed65"},
      {"41525959199453244913", "PROD0090YUAUV{2B", "dcb8ff529e4dd12cc43389851128d2db"},
      {"31744216663023315951", "PROD0090YUAUV{2B", "d15553d0ea89c9f63bbb98a208fa4235"},
      {"14494180082586329971", "PROD0090YUAUV{2B", "4e11d4cd56a65bdf04f60aa133db7ebc"},
      {"11533365622852247127", "PROD0113H11T8$X_", "f086d1ded067186deca8dba2231602cf"},
      {"237191752526424888127371168", "PROD0113H11T8$X_", "65b6b623c649c25629af048d34066040"},
      {"22210219642164014968", "PROD0101{0RM?UBW", "64812169fe9717715f03c678fa4ab938"},
      {"22210219642164014968", "PROD0119GSJUC$18", "a400af809ac86fbdf6deec7286fc06b8"},
      {"22210219642164014968", "PROD0120PW!CCV9@", "6e92a312bf6b70ee58e75a1e3315695c"},
      {"237191752526424888127371168", "PROD0119GSJUC$18", "62152a606bcf9d00e81fbdba0349ea7b"},
  };
  for (const auto& v : vectors) {
    auto key = product_key_for(v.product);
    REQUIRE(key);
    CHECK(msnp11_challenge_answer(v.challenge, v.product, *key) == v.answer);
  }
  CHECK_FALSE(product_key_for("PROD0000NOTREAL0"));
}
