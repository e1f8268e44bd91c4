#include "tcp_forwarder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <stdexcept>

namespace live {

namespace {

sockaddr_in loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

}  // namespace

TcpForwarder::TcpForwarder(int target_port, double refuse_seconds, double drop_seconds) : target_port_(target_port) {
  listener_ = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(0);
  if (listener_ < 0 || bind(listener_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0)
    throw std::runtime_error("forwarder: cannot bind");
  socklen_t len = sizeof a;
  getsockname(listener_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  server_ = std::thread([this, refuse_seconds, drop_seconds] { serve(refuse_seconds, drop_seconds); });
}

TcpForwarder::~TcpForwarder() {
  stop_ = true;
  server_.join();
  std::lock_guard lock(mutex_);
  for (auto& t : pumps_) t.join();
  close(listener_);
}

void TcpForwarder::serve(double refuse_seconds, double drop_seconds) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  while (!stop_ && elapsed() < refuse_seconds) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  listen(listener_, 64);
  while (!stop_) {
    pollfd p{listener_, POLLIN, 0};
    if (poll(&p, 1, 50) <= 0) continue;
    int client = accept(listener_, nullptr, nullptr);
    if (client < 0) continue;
    if (elapsed() < refuse_seconds + drop_seconds) {
      close(client);
      ++dropped_;
      continue;
    }
    ++forwarded_;
    std::lock_guard lock(mutex_);
    pumps_.emplace_back([this, client] { pump(client); });
  }
}

void TcpForwarder::pump(int client) {
  int server = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = loopback(target_port_);
  if (connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(server);
    close(client);
    return;
  }
  pollfd fds[2] = {{client, POLLIN, 0}, {server, POLLIN, 0}};
  char buf[65536];
  while (!stop_) {
    if (poll(fds, 2, 50) <= 0) continue;
    bool closed = false;
    for (int i = 0; i < 2 && !closed; ++i) {
      if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      const ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        closed = true;
        break;
      }
      for (ssize_t off = 0; off < n;) {
        const ssize_t w = write(fds[1 - i].fd, buf + off, static_cast<size_t>(n - off));
        if (w <= 0) {
          closed = true;
          break;
        }
        off += w;
      }
    }
    if (closed) break;
  }
  close(server);
  close(client);
}

}  // namespace live
