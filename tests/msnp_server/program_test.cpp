// The msnp-test-server program: flags, --ready-file with port 0, the control port,
// a login against it, and SIGTERM -> OUT SSD and exit status 0.
#include <catch2/catch.hpp>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <thread>

#include "tests/msnp_server/raw_client.hpp"

using namespace msnp_server::testing;

namespace {

struct Program {
  pid_t pid = -1;
  std::map<std::string, std::uint16_t> ports;

  explicit Program(std::vector<std::string> args) {
    const std::string ready = "/tmp/msnp-test-server-ready-" + std::to_string(::getpid());
    std::remove(ready.c_str());
    args.insert(args.begin(), MSNP_TEST_SERVER_BIN);
    args.push_back("--ready-file");
    args.push_back(ready);
    pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      ::execv(argv[0], argv.data());
      ::_exit(127);
    }
    for (int i = 0; i < 200 && ports.empty(); ++i) {  // 10 s at most
      std::ifstream in(ready);
      std::string kv;
      while (in >> kv) ports[kv.substr(0, kv.find('='))] = static_cast<std::uint16_t>(std::stoi(kv.substr(kv.find('=') + 1)));
      if (ports.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    std::remove(ready.c_str());
    REQUIRE(ports.count("ns") == 1);
  }

  int terminate_and_wait() {
    ::kill(pid, SIGTERM);
    int status = -1;
    for (int i = 0; i < 200; ++i) {
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return -1;
  }

  ~Program() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
  }
};

}  // namespace

TEST_CASE("msnp-test-server runs standalone with accounts, contacts and an echo bot", "[server][program]") {
  Program p({"--ns-port", "0", "--sb-port", "0", "--http-port", "0", "--control-port", "0", "--account",
             "alice@example.com:alicepass:Alice", "--echo-bot", "echo@example.com", "--contacts",
             "alice@example.com,echo@example.com"});
  REQUIRE(p.ports.count("control") == 1);
  RawClient control(p.ports["control"]);
  control.send_line("ports");
  CHECK(control.line(std::chrono::milliseconds(3000)) ==
        "OK ns=" + std::to_string(p.ports["ns"]) + " sb=" + std::to_string(p.ports["sb"]) +
            " http=" + std::to_string(p.ports["http"]));

  auto nexus = http_get(p.ports["http"], "/rdr/pprdr.asp");
  CHECK(nexus.headers["passporturls"] == "DALogin=http://127.0.0.1:" + std::to_string(p.ports["http"]) + "/login");
  auto login = http_get(p.ports["http"], "/login", passport_header("alice@example.com", "alicepass"));
  const auto token = from_pp(login.headers["authentication-info"]);
  REQUIRE(token.size() == 20);

  RawClient ns(p.ports["ns"]);
  ns.send_line("VER 1 MSNP12 MSNP11 CVR0");
  CHECK(ns.line() == "VER 1 MSNP12");
  ns.send_line("USR 2 TWN I alice@example.com");
  CHECK(ns.line() == "USR 2 TWN S ct=1,rver=1,wp=FS_40SEC_0_COMPACT,lc=1,id=1");
  ns.send_line("USR 3 TWN S " + token);
  CHECK(ns.line() == "USR 3 OK alice@example.com 1 0");
  ns.send_line("SYN 4 0 0");
  CHECK(ns.line() == "SYN 4 2000-01-01T00:00:00.0-00:00 2000-01-01T00:00:00.0-00:00 1 0");
  CHECK(ns.line() == "GTC A");
  CHECK(ns.line() == "BLP AL");
  CHECK(ns.line() == "PRP MFN Alice");
  CHECK(ns.line().value_or("").rfind("LST N=echo@example.com F=echo@example.com C=", 0) == 0);
  ns.send_line("CHG 5 NLN 0");
  CHECK(ns.line() == "NLN NLN echo@example.com Echo%20Bot 1073741824 0");
  const std::string ubx = "<Data><PSM>I echo what you say</PSM><CurrentMedia></CurrentMedia></Data>";
  const std::string ubx_head = "UBX echo@example.com " + std::to_string(ubx.size());
  CHECK(ns.line() == ubx_head);
  CHECK(ns.bytes(ubx.size()) == ubx);
  CHECK(ns.line() == "CHG 5 NLN 0");
  CHECK(ns.line() == "ILN 5 NLN echo@example.com Echo%20Bot 1073741824 0");
  CHECK(ns.line() == ubx_head);
  CHECK(ns.bytes(ubx.size()) == ubx);

  control.send_line("online alice@example.com");
  CHECK(control.line() == "OK yes");

  CHECK(p.terminate_and_wait() == 0);
  CHECK(ns.line() == "OUT SSD");
  CHECK(ns.closed_by_peer());
}

TEST_CASE("msnp-test-server rejects bad flags", "[server][program]") {
  const std::string cmd = std::string(MSNP_TEST_SERVER_BIN) + " --bogus 2>/dev/null";
  const int status = std::system(cmd.c_str());
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 2);
}
