#include "sync/hub/http_server.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "sync/hub/body_decoder.h"

namespace lk::hub {

std::string HttpRequest::header(std::string_view name) const {
  auto it = headers.find(std::string(name));
  return it == headers.end() ? std::string() : it->second;
}

std::string HttpRequest::query_value(const std::string& key) const {
  auto it = query.find(key);
  return it == query.end() ? std::string() : it->second;
}

// One request's state across libmicrohttpd's calls of the access handler: the first (headers complete),
// one per piece of body, the last (body complete).
struct HttpServer::Exchange {
  HttpRequest request;
  HttpResponse response;
  const HttpRoute* route = nullptr;
  std::unique_ptr<BodyDecoder> decoder;
  bool answered = false;  // a response is decided (queued, or to be queued at the end of the body)
};

namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = char(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  if (key) (*headers)[Lower(key)] = value ? value : "";
  return MHD_YES;
}

MHD_Result CollectArgument(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* query = static_cast<std::map<std::string, std::string>*>(cls);
  if (key) query->emplace(key, value ? value : "");
  return MHD_YES;
}

std::string PeerAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (!info || !info->client_addr) return "";
  char text[INET6_ADDRSTRLEN] = "";
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

Result<std::string> ReadPem(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidArgument("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

// The C callbacks, with access to HttpServer's internals.
struct HttpServerCallbacks {
  static MHD_Result Queue(HttpServer& server, MHD_Connection* connection, HttpServer::Exchange& x) {
    x.answered = true;
    HttpResponse& res = x.response;
    MHD_Response* response =
        MHD_create_response_from_buffer(res.body.size(), res.body.data(), MHD_RESPMEM_MUST_COPY);
    if (!response) return MHD_NO;
    for (const auto& [name, value] : server.options_.default_headers) {
      MHD_add_response_header(response, name.c_str(), value.c_str());
    }
    if (!res.body.empty() || res.status >= 400) {
      MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, res.content_type.c_str());
    }
    for (const auto& [name, value] : res.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    if (res.close) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
    MHD_Result queued = MHD_queue_response(connection, unsigned(res.status), response);
    MHD_destroy_response(response);
    return queued;
  }

  static MHD_Result Refuse(HttpServer& server, MHD_Connection* connection, HttpServer::Exchange& x, int status,
                           const std::string& message, bool close) {
    x.response = HttpResponse{};
    server.options_.error(x.response, status, message);
    x.response.close = x.response.close || close;
    return Queue(server, connection, x);
  }

  // Runs a route's code; an exception becomes a 500 (its text to the log, never to the client).
  template <class Call>
  static bool Guarded(HttpServer& server, HttpServer::Exchange& x, Call&& call) {
    try {
      return call();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "learning-hub: %s %s: %s\n", x.request.method.c_str(), x.request.path.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "learning-hub: %s %s: unknown exception\n", x.request.method.c_str(),
                   x.request.path.c_str());
    }
    x.response = HttpResponse{};
    server.options_.error(x.response, 500, "internal error");
    return false;
  }

  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                           const char* /*version*/, const char* upload_data, size_t* upload_data_size,
                           void** con_cls) {
    auto& server = *static_cast<HttpServer*>(cls);
    auto* x = static_cast<HttpServer::Exchange*>(*con_cls);
    if (!x) return Begin(server, connection, url, method, con_cls);
    if (*upload_data_size > 0) {
      // Body bytes: decoded with a running count; after a refusal they are only counted (the decoder
      // keeps nothing), and the 413 goes out when the body ends (libmicrohttpd cannot answer mid-body).
      if (x->decoder) x->decoder->Feed(std::string_view(upload_data, *upload_data_size));
      *upload_data_size = 0;
      // Chunked bodies have no Content-Length: a sender that keeps going past the limit is cut off.
      if (x->decoder && x->decoder->wire_bytes() > 2 * server.options_.max_body_bytes) return MHD_NO;
      return MHD_YES;
    }
    if (x->answered) return MHD_YES;
    return End(server, connection, *x);
  }

  static MHD_Result Begin(HttpServer& server, MHD_Connection* connection, const char* url, const char* method,
                          void** con_cls) {
    auto* x = new HttpServer::Exchange;
    *con_cls = x;
    HttpRequest& req = x->request;
    req.method = method ? method : "";
    req.path = url ? url : "";
    req.remote_addr = PeerAddress(connection);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, CollectHeader, &req.headers);
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, CollectArgument, &req.query);

    std::string length = req.header("content-length");
    bool announces_body = req.headers.count("transfer-encoding") || (!length.empty() && length != "0");
    x->route = server.Match(req.method, req.path, &req.path_params);
    if (!x->route) return Refuse(server, connection, *x, 404, "no such endpoint", announces_body);
    if (announces_body && !x->route->reads_body) {
      return Refuse(server, connection, *x, 413, "this request takes no body", true);
    }
    if (x->route->admit && !Guarded(server, *x, [&] { return x->route->admit(req, x->response); })) {
      x->response.close = x->response.close || announces_body;  // its body stays unread
      return Queue(server, connection, *x);
    }
    if (x->route->reads_body) {
      size_t limit = server.options_.max_body_bytes;
      if (!length.empty()) {
        bool digits = length.size() <= 15;
        for (char c : length) digits = digits && c >= '0' && c <= '9';
        if (!digits || std::stoull(length) > limit) {
          return Refuse(server, connection, *x, 413,
                        "request body larger than " + std::to_string(limit) + " bytes", true);
        }
      }
      auto encoding = ParseBodyEncoding(req.header("content-encoding"));
      if (!encoding) {
        return Refuse(server, connection, *x, 415, "unsupported Content-Encoding (use gzip or none)", announces_body);
      }
      x->decoder = std::make_unique<BodyDecoder>(*encoding, limit);
    }
    if (!x->route->reads_body) return End(server, connection, *x);
    return MHD_YES;  // headers accepted: now the body
  }

  static MHD_Result End(HttpServer& server, MHD_Connection* connection, HttpServer::Exchange& x) {
    if (x.decoder) {
      switch (x.decoder->Finish()) {
        case BodyDecoder::State::kOk:
          x.request.body = x.decoder->TakeBody();
          break;
        case BodyDecoder::State::kTooLarge:
          return Refuse(server, connection, x, 413,
                        "request body larger than " + std::to_string(server.options_.max_body_bytes) +
                            " bytes (after decompression)",
                        true);
        case BodyDecoder::State::kCorrupt:
          return Refuse(server, connection, x, 400, "could not read the request body (bad compressed data)", true);
      }
      x.decoder.reset();
    }
    Guarded(server, x, [&] {
      x.route->handle(x.request, x.response);
      return true;
    });
    return Queue(server, connection, x);
  }

  static void Completed(void*, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
    delete static_cast<HttpServer::Exchange*>(*con_cls);
    *con_cls = nullptr;
  }
};

HttpServer::HttpServer(HttpServerOptions options, std::vector<HttpRoute> routes)
    : options_(std::move(options)), routes_(std::move(routes)) {}

HttpServer::~HttpServer() { Stop(); }

const HttpRoute* HttpServer::Match(const std::string& method, const std::string& path,
                                   std::vector<std::string>* params) const {
  for (const auto& route : routes_) {
    std::vector<std::string> found;
    size_t star = route.pattern.find('*');
    bool matches;
    if (star == std::string::npos) {
      matches = path == route.pattern;
    } else {
      std::string_view prefix(route.pattern.data(), star), suffix(route.pattern.data() + star + 1);
      matches = path.size() > prefix.size() + suffix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
                path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
      if (matches) {
        std::string segment = path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
        matches = segment.find('/') == std::string::npos;
        found.push_back(std::move(segment));
      }
    }
    if (!matches || route.method != method) continue;
    *params = std::move(found);
    return &route;
  }
  return nullptr;
}

Result<int> HttpServer::Start() {
  if (daemon_) return Status::FailedPrecondition("already started");
  unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
  bool tls = !options_.tls_cert.empty() || !options_.tls_key.empty();
  if (tls) {
    if (options_.tls_cert.empty() || options_.tls_key.empty()) {
      return Status::InvalidArgument("--tls-cert and --tls-key go together");
    }
    LK_ASSIGN_OR_RETURN(cert_pem_, ReadPem(options_.tls_cert));
    LK_ASSIGN_OR_RETURN(key_pem_, ReadPem(options_.tls_key));
    flags |= MHD_USE_TLS;
  }
  sockaddr_in6 addr6{};
  sockaddr_in addr4{};
  sockaddr* addr = nullptr;
  std::string host = options_.host == "localhost" ? "127.0.0.1" : options_.host;
  if (inet_pton(AF_INET, host.c_str(), &addr4.sin_addr) == 1) {
    addr4.sin_family = AF_INET;
    addr4.sin_port = htons(uint16_t(options_.port));
    addr = reinterpret_cast<sockaddr*>(&addr4);
  } else if (inet_pton(AF_INET6, host.c_str(), &addr6.sin6_addr) == 1) {
    addr6.sin6_family = AF_INET6;
    addr6.sin6_port = htons(uint16_t(options_.port));
    addr = reinterpret_cast<sockaddr*>(&addr6);
    flags |= MHD_USE_IPv6;
  } else {
    return Status::InvalidArgument("--listen: '" + options_.host + "' is not an IP address");
  }
  std::vector<MHD_OptionItem> items = {
      {MHD_OPTION_SOCK_ADDR, 0, addr},
      {MHD_OPTION_THREAD_POOL_SIZE, std::max(1, options_.threads), nullptr},
      {MHD_OPTION_CONNECTION_LIMIT, std::max(1, options_.max_connections), nullptr},
      {MHD_OPTION_CONNECTION_TIMEOUT, std::max(1, options_.connection_timeout_s), nullptr},
      {MHD_OPTION_CONNECTION_MEMORY_LIMIT, intptr_t(options_.header_memory_bytes), nullptr},
      {MHD_OPTION_NOTIFY_COMPLETED, intptr_t(&HttpServerCallbacks::Completed), nullptr},
  };
  if (options_.max_connections_per_address > 0) {
    items.push_back({MHD_OPTION_PER_IP_CONNECTION_LIMIT, options_.max_connections_per_address, nullptr});
  }
  if (tls) {
    items.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, cert_pem_.data()});
    items.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, key_pem_.data()});
  }
  items.push_back({MHD_OPTION_END, 0, nullptr});
  daemon_ = MHD_start_daemon(flags, 0, nullptr, nullptr, &HttpServerCallbacks::Access, this, MHD_OPTION_ARRAY,
                             items.data(), MHD_OPTION_END);
  if (!daemon_) {
    return tls ? Status::InvalidArgument("cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
                                         " with certificate " + options_.tls_cert + " / key " + options_.tls_key)
               : Status::Unavailable("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
  }
  const MHD_DaemonInfo* info = MHD_get_daemon_info(daemon_, MHD_DAEMON_INFO_BIND_PORT);
  return info ? int(info->port) : options_.port;
}

void HttpServer::Stop() {
  if (daemon_) {
    MHD_stop_daemon(daemon_);
    daemon_ = nullptr;
  }
}

}  // namespace lk::hub
