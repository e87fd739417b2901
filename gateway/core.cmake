# gw_core: the gateway's domain logic (Gateway, Session, Roster, Conversation). No SQL and no
# sockets: storage comes through the Storage interface, Messenger through MessengerNetwork,
# XMPP as xmpp::Stanza values through GatewayEvents / a send function.
add_library(gw_core STATIC
  ${CMAKE_CURRENT_LIST_DIR}/conversation.cpp
  ${CMAKE_CURRENT_LIST_DIR}/gateway.cpp
  ${CMAKE_CURRENT_LIST_DIR}/jabber_stanzas.cpp
  ${CMAKE_CURRENT_LIST_DIR}/login_pacer.cpp
  ${CMAKE_CURRENT_LIST_DIR}/outbound_queue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/presence_map.cpp
  ${CMAKE_CURRENT_LIST_DIR}/roster.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_jabber.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_password.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_queue.cpp
  ${CMAKE_CURRENT_LIST_DIR}/session_roster.cpp)
target_link_libraries(gw_core PUBLIC msnp_core gw_xmpp gw_support Boost::headers Threads::Threads)
