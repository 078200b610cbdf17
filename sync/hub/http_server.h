// HttpServer: the hub's HTTP/1.1 layer on GNU libmicrohttpd, built to face hostile networks.
//
// - Event-driven: a pool of epoll threads serves every connection, so slow or idle clients hold a
//   connection slot, never a thread. Bounded: total connections (--max-connections), connections per
//   address (--max-connections-per-address), inactivity per connection while headers, body or the next
//   keep-alive request trickle in (--connection-timeout), header bytes (the per-connection memory
//   limit; a request whose headers do not fit is refused by libmicrohttpd).
// - Route and method are checked, and the route's admission (authentication, rate limits) run, when
//   the headers are complete and BEFORE any body byte is read. A body is read only for a route that
//   takes one; anything else that announces a body is answered at once and the connection closed. A
//   body is decoded as it streams (BodyDecoder): over the limit on the wire (Content-Length or chunked)
//   or once inflated, it is refused (413) without ever being held whole.
// - TLS in-process (GnuTLS) when a certificate and key are given.
// - Every response carries the configured default headers (the protocol version).
//
// Thread-safety: handlers run on the pool's threads, several at once; they must be thread-safe.
// Start() once; Stop() (or the destructor) waits for running handlers.
#pragma once

#include <any>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kiosk/core/status.h"

struct MHD_Daemon;

namespace lk::hub {

struct HttpRequest {
  std::string method;
  std::string path;
  std::string remote_addr;                      // the peer's address, without port
  std::map<std::string, std::string> headers;   // names in lower case
  std::map<std::string, std::string> query;     // decoded query arguments
  std::vector<std::string> path_params;         // the parts a route's "*" matched
  std::string body;                             // decoded, at most the body limit
  std::any user;                                // whatever the route's admission wants the handler to have

  std::string header(std::string_view lower_case_name) const;
  bool has_query(const std::string& key) const { return query.count(key) != 0; }
  std::string query_value(const std::string& key) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  bool close = false;  // close the connection after this response

  void set_header(std::string name, std::string value) { headers.emplace_back(std::move(name), std::move(value)); }
};

struct HttpRoute {
  std::string method;   // "GET" or "POST"
  std::string pattern;  // exact path, or with one "*" matching one non-empty segment
  bool reads_body = false;
  // Runs when the headers are complete, before any body byte is read; false (with `res` filled in)
  // refuses the request. May be empty.
  std::function<bool(HttpRequest& req, HttpResponse& res)> admit;
  std::function<void(HttpRequest& req, HttpResponse& res)> handle;
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8443;                 // 0: any free port
  std::string tls_cert, tls_key;   // PEM files; both set: HTTPS
  int threads = 4;
  int max_connections = 4096;
  int max_connections_per_address = 0;  // 0: no limit
  int connection_timeout_s = 10;
  size_t header_memory_bytes = 32 * 1024;
  size_t max_body_bytes = 1 << 20;
  std::vector<std::pair<std::string, std::string>> default_headers;
  // Answers for situations no route handles: fills `res` for (status, message).
  std::function<void(HttpResponse& res, int status, const std::string& message)> error;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, std::vector<HttpRoute> routes);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts serving; returns the port (the real one when options.port is 0).
  Result<int> Start();
  void Stop();

 private:
  struct Exchange;
  friend struct HttpServerCallbacks;
  const HttpRoute* Match(const std::string& method, const std::string& path, std::vector<std::string>* params) const;

  HttpServerOptions options_;
  std::vector<HttpRoute> routes_;
  std::string cert_pem_, key_pem_;
  MHD_Daemon* daemon_ = nullptr;
};

}  // namespace lk::hub
