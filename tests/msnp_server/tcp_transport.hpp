#pragma once
// Asio TCP adapter: reader coroutine feeding a CommandReader, writer coroutine with one
// write in flight and a bounded outbox (a peer that stops reading is disconnected instead
// of growing memory; needed for the 10,000-user benchmark). Beast session discipline.
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <memory>

#include "tests/msnp_server/command_reader.hpp"
#include "tests/msnp_server/transport.hpp"

namespace msnp_server {

struct TransportHandlers {
  std::function<void(ClientCommand)> on_command;
  std::function<void(ReadError)> on_read_error;  // framing violation: the session decides
  std::function<void()> on_closed;               // called exactly once
};

// Starts the reader and writer; the returned transport keeps itself alive while open.
std::shared_ptr<Transport> start_tcp_transport(boost::asio::ip::tcp::socket socket, std::size_t max_payload,
                                               std::function<TransportHandlers(std::shared_ptr<Transport>)> bind);

}  // namespace msnp_server
