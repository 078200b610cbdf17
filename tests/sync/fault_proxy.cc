#include "tests/sync/fault_proxy.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <stdexcept>

namespace lk::testing {

const char* FaultModeName(FaultMode mode) {
  switch (mode) {
    case FaultMode::kPass: return "pass";
    case FaultMode::kResetRequest: return "reset-request";
    case FaultMode::kResetResponse: return "reset-response";
    case FaultMode::kStall: return "stall";
    case FaultMode::kServiceUnavailable: return "503";
    case FaultMode::kCaptivePortal: return "captive-portal";
    case FaultMode::kSlowDrip: return "slow-drip";
    case FaultMode::kTruncatedBody: return "truncated-body";
    case FaultMode::kDelay: return "delay";
  }
  return "?";
}

struct FaultProxy::Conn {
  std::mutex mutex;  // guards the fds against Kill() racing with their close
  int client = -1;
  int upstream = -1;
  std::atomic<bool> killed{false};
  void Kill() {
    killed.store(true);
    std::lock_guard<std::mutex> lock(mutex);
    if (client >= 0) shutdown(client, SHUT_RDWR);
    if (upstream >= 0) shutdown(upstream, SHUT_RDWR);
  }
};

namespace {

void Reset(int fd) {
  if (fd < 0) return;
  linger l{1, 0};
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
  close(fd);
}

bool SendAll(int fd, const char* data, size_t n) {
  while (n > 0) {
    ssize_t w = send(fd, data, n, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    data += w;
    n -= size_t(w);
  }
  return true;
}

int ConnectTo(const std::string& host, int port) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(uint16_t(port));
  inet_pton(AF_INET, host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

// Content-Length of an HTTP head (lower-cased search), 0 when absent.
size_t ContentLength(const std::string& head) {
  std::string lower(head);
  for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
  size_t pos = lower.find("\r\ncontent-length:");
  if (pos == std::string::npos) return 0;
  return size_t(std::strtoull(lower.c_str() + pos + 17, nullptr, 10));
}

// Reads one request (head and Content-Length body) from `fd`. False when the peer went away first.
bool ReadRequest(int fd, const std::atomic<bool>& stop) {
  std::string data;
  char buf[16384];
  size_t need = std::string::npos;
  while (!stop.load()) {
    if (need == std::string::npos) {
      size_t end = data.find("\r\n\r\n");
      if (end != std::string::npos) need = end + 4 + ContentLength(data.substr(0, end + 2));
    }
    if (need != std::string::npos && data.size() >= need) return true;
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 200) <= 0) continue;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return false;
    data.append(buf, size_t(n));
  }
  return false;
}

}  // namespace

FaultProxy::FaultProxy(std::string upstream_host, int upstream_port)
    : upstream_host_(std::move(upstream_host)), upstream_port_(upstream_port) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error("fault proxy: socket failed");
  int one = 1;
  setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(listen_fd_, 64) != 0) {
    close(listen_fd_);
    throw std::runtime_error("fault proxy: bind/listen failed");
  }
  socklen_t len = sizeof addr;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len);
  port_ = ntohs(addr.sin_port);
  if (pipe2(wake_pipe_, O_CLOEXEC) != 0) throw std::runtime_error("fault proxy: pipe failed");
  accept_thread_ = std::thread([this] { AcceptLoop(); });
}

FaultProxy::~FaultProxy() {
  stop_.store(true);
  char c = 0;
  ssize_t ignored = write(wake_pipe_[1], &c, 1);
  (void)ignored;
  if (accept_thread_.joinable()) accept_thread_.join();
  DropConnections();
  std::vector<std::thread> threads;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    threads.swap(threads_);
  }
  for (auto& t : threads) t.join();
  close(listen_fd_);
  close(wake_pipe_[0]);
  close(wake_pipe_[1]);
}

void FaultProxy::SetPlan(const FaultPlan& plan) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    plan_ = plan;
  }
  DropConnections();
}

void FaultProxy::DropConnections() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& weak : open_) {
    if (auto conn = weak.lock()) conn->Kill();
  }
  open_.clear();
}

FaultPlan FaultProxy::TakePlan() {
  std::lock_guard<std::mutex> lock(mutex_);
  FaultPlan plan = plan_;
  if (plan_.mode != FaultMode::kPass && plan_.count > 0 && --plan_.count == 0) plan_ = FaultPlan{};
  return plan;
}

void FaultProxy::AcceptLoop() {
  while (!stop_.load()) {
    pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_pipe_[0], POLLIN, 0}};
    if (poll(fds, 2, -1) <= 0) continue;
    if (fds[1].revents) break;
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    connections_.fetch_add(1);
    auto conn = std::make_shared<Conn>();
    conn->client = fd;
    FaultPlan plan = TakePlan();
    if (plan.mode != FaultMode::kPass) faults_.fetch_add(1);
    std::lock_guard<std::mutex> lock(mutex_);
    open_.push_back(conn);
    threads_.emplace_back([this, conn, plan] { Serve(conn, plan); });
  }
}

void FaultProxy::Serve(std::shared_ptr<Conn> conn, FaultPlan plan) {
  const int client = conn->client;
  auto finish = [&](bool reset_client) {
    std::lock_guard<std::mutex> lock(conn->mutex);
    if (reset_client) {
      Reset(conn->client);
    } else {
      close(conn->client);
    }
    if (conn->upstream >= 0) Reset(conn->upstream);
    conn->client = conn->upstream = -1;
  };
  switch (plan.mode) {
    case FaultMode::kStall: {
      char buf[4096];
      while (!stop_.load() && !conn->killed.load()) {
        pollfd p{client, POLLIN, 0};
        if (poll(&p, 1, 200) <= 0) continue;
        if (recv(client, buf, sizeof buf, 0) <= 0) break;
      }
      return finish(false);
    }
    case FaultMode::kServiceUnavailable:
    case FaultMode::kCaptivePortal: {
      if (!ReadRequest(client, conn->killed)) return finish(false);
      std::string body, head;
      if (plan.mode == FaultMode::kServiceUnavailable) {
        body = R"({"error":{"code":"overloaded","message":"the hub is busy; retry later"}})";
        head = "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nX-Learning-Protocol: 1\r\n"
               "Retry-After: " + std::to_string(plan.retry_after_s) + "\r\n";
      } else {
        body = "<html><head><title>Welcome</title></head><body>Please sign in to the free Wi-Fi.</body></html>";
        head = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n";
      }
      head += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
      std::string all = head + body;
      SendAll(client, all.data(), all.size());
      return finish(false);
    }
    default: break;
  }

  {
    int fd = ConnectTo(upstream_host_, upstream_port_);
    std::lock_guard<std::mutex> lock(conn->mutex);
    conn->upstream = fd;
  }
  if (conn->upstream < 0) return finish(true);
  const int upstream = conn->upstream;
  size_t request_sent = 0, response_sent = 0;
  std::string held;  // kTruncatedBody: response bytes held until the head is complete
  size_t response_cap = SIZE_MAX;
  bool answer_due = false;  // kDelay: request bytes went up since the last delayed answer
  char buf[65536];
  while (!stop_.load() && !conn->killed.load()) {
    pollfd fds[2] = {{client, POLLIN, 0}, {upstream, POLLIN, 0}};
    if (poll(fds, 2, 200) <= 0) continue;
    if (fds[0].revents) {
      ssize_t n = recv(client, buf, sizeof buf, 0);
      if (n <= 0) break;
      size_t forward = size_t(n);
      if (plan.mode == FaultMode::kResetRequest) forward = std::min(forward, plan.bytes - std::min(plan.bytes, request_sent));
      if (forward > 0 && !SendAll(upstream, buf, forward)) break;
      request_sent += forward;
      answer_due = true;
      if (plan.mode == FaultMode::kResetRequest && request_sent >= plan.bytes) return finish(true);
    }
    if (fds[1].revents) {
      ssize_t n = recv(upstream, buf, sizeof buf, 0);
      if (n <= 0) break;
      const char* data = buf;
      size_t size = size_t(n);
      if (plan.mode == FaultMode::kTruncatedBody) {
        held.append(buf, size);
        if (response_cap == SIZE_MAX) {
          size_t end = held.find("\r\n\r\n");
          if (end == std::string::npos) continue;
          response_cap = end + 4 + ContentLength(held.substr(0, end + 2)) / 2;
        }
        size_t forward = std::min(held.size(), response_cap - response_sent);
        SendAll(client, held.data(), forward);
        response_sent += forward;
        held.clear();
        if (response_sent >= response_cap) return finish(false);  // a clean close, mid-body
        continue;
      }
      if (plan.mode == FaultMode::kResetResponse) {
        size_t forward = std::min(size, plan.bytes - std::min(plan.bytes, response_sent));
        if (forward > 0) SendAll(client, data, forward);
        response_sent += forward;
        if (response_sent >= plan.bytes) return finish(true);
        continue;
      }
      if (plan.mode == FaultMode::kDelay && answer_due) {
        answer_due = false;
        // The fault: the answer is late. Held in short steps so that Stop and DropConnections end it.
        const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(plan.delay_ms);
        while (std::chrono::steady_clock::now() < until && !conn->killed.load() && !stop_.load()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (conn->killed.load() || stop_.load()) break;
      }
      if (plan.mode == FaultMode::kSlowDrip) {
        bool ok = true;
        for (size_t i = 0; i < size && ok && !conn->killed.load() && !stop_.load(); ++i) {
          ok = SendAll(client, data + i, 1);
          std::this_thread::sleep_for(std::chrono::milliseconds(plan.drip_interval_ms));  // the fault: a slow link
        }
        if (!ok) break;
        continue;
      }
      if (!SendAll(client, data, size)) break;
    }
  }
  finish(false);
}

}  // namespace lk::testing
